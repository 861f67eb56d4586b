package org.renraku.web.member;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.members.entity.Language;
import org.renraku.members.boundary.Members;

/**
 * {@code /member/leave.xhtml?token=…}, the link mailed to a member's own address when 「退会」 was mailed to the join
 * address. Opening it shows who would leave and one button; the member leaves on the button (a POST),
 * so neither a forged 「退会」 nor a mail scanner fetching the link makes anyone leave.
 */
@Named
@ViewScoped
public class LeaveView extends OneTimeLinkPage<Members.LeaveForm, String> {

    private static final long serialVersionUID = 1L;

    @Inject
    Members members;

    @Override
    protected Optional<Members.LeaveForm> peek(String token) {
        return members.peekLeave(token);
    }

    @Override
    protected Optional<Language> language(String token) {
        return members.languageOfLink(TokenPurpose.LEAVE_CONFIRMATION, token);
    }

    /** The member leaves; the network's name is shown. */
    @Override
    protected Optional<String> act(String token) {
        return Optional.of(members.confirmLeave(token));
    }

    public String getNetworkName() { return done() != null ? done() : form() == null ? null : form().networkName(); }
    public String getMemberName() { return form() == null ? null : form().memberName(); }
}
