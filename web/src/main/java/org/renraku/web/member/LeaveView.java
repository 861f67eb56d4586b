package org.renraku.web.member;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.Members;

/**
 * {@code /member/leave.xhtml?token=…}, the link mailed to a member's own address when 「退会」 was mailed to the join
 * address (issue #13). Opening it shows who would leave and one button; the member leaves on the button (a POST),
 * so neither a forged 「退会」 nor a mail scanner fetching the link makes anyone leave.
 */
@Named
@ViewScoped
public class LeaveView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Members members;

    private String token;
    private Members.LeaveForm form;
    private String leftNetwork;

    public void load() {
        form = members.peekLeave(token).orElse(null);
    }

    public String leave() {
        if (form == null) {
            return null;
        }
        try {
            leftNetwork = members.confirmLeave(token);
        } catch (MemberException refused) {
            form = null;
            MemberErrors.show(refused);
        }
        token = null;
        return null;
    }

    /** {@code form}, {@code done} or {@code invalid}. */
    public String getState() {
        if (leftNetwork != null) {
            return "done";
        }
        return form != null ? "form" : "invalid";
    }

    public String getToken() { return token; }
    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }
    public String getNetworkName() { return leftNetwork != null ? leftNetwork : form == null ? null : form.networkName(); }
    public String getMemberName() { return form == null ? null : form.memberName(); }
}
