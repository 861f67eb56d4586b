package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import org.renraku.broadcasts.boundary.Postings;
import org.renraku.home.boundary.Home;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;
import org.renraku.inbound.boundary.JoinInfo;
import org.renraku.inbound.boundary.Joining;
import org.renraku.inbound.boundary.JoiningException;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/join.xhtml}: the network's join address (入会用アドレス), whether joining is open, the join
 * password, a QR code of {@code mailto:<join address>} and the A4 join instructions to print (the page's print
 * stylesheet prints only the sheet). The admin opens or closes joining and sets the join password here.
 * <p>
 * The QR code is a PNG made here with ZXing ({@link QrCode}) and written into the page as a data URI
 * ({@code p:graphicImage stream="false"}): no second request, so nothing to protect besides the page itself.
 */
@Named
@ViewScoped
public class JoinView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Pixels per QR module: a version 3-4 code becomes about 400 px, sharp on screen and in print. */
    static final int QR_SCALE = 10;

    @Inject
    ConsoleSession console;

    @Inject
    Joining joining;

    @Inject
    Postings postings;

    @Inject
    Home home;

    private String postingAddress;
    private JoinInfo info;
    private byte[] qr;
    private boolean open;
    private String password;

    @PostConstruct
    void init() {
        load();
        open = info != null && info.open();
        password = info == null ? null : info.password();
    }

    private void load() {
        postingAddress = postings.adminAddress(console.getNetworkId(), console.getAdminId()).orElse(null);
        info = joining.info(console.getNetworkId());
        qr = info == null ? null : QrCode.png(info.mailto(), QR_SCALE);
    }

    /** Saves whether joining is open and the join password; the page then shows the new state. */
    public String save() {
        try {
            joining.configure(console.getNetworkId(), open, password, console.getUserId(),
                    ClientAddress.of((jakarta.servlet.http.HttpServletRequest) FacesContext.getCurrentInstance()
                            .getExternalContext().getRequest()));
            load();
            password = info == null ? null : info.password();
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "join.settings.saved");
        } catch (JoiningException refused) {
            Messages.add("join-settings-form:password", FacesMessage.SEVERITY_ERROR, refused.key());
        }
        return null;
    }

    /** The admin's own posting address anew (代理配信; the old one stops working), audited. */
    public String regeneratePosting() {
        postingAddress = postings.regenerateAdmin(console.getNetworkId(), console.getAdminId(), console.getUserId(),
                ClientAddress.of((jakarta.servlet.http.HttpServletRequest) FacesContext.getCurrentInstance()
                        .getExternalContext().getRequest())).orElse(null);
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "posting.regenerated");
        return null;
    }

    /**
     * The admin printed the join sheet (the print button or the browser's print): recorded once per network, the
     * home's checklist ticks from it.
     */
    public void printed() {
        home.joinSheetPrinted(console.getNetworkId(), console.getUserId(),
                ClientAddress.of((jakarta.servlet.http.HttpServletRequest) FacesContext.getCurrentInstance()
                        .getExternalContext().getRequest()));
    }

    /** The admin's own posting address (代理配信用アドレス). */
    public String getPostingAddress() { return postingAddress; }

    public boolean isOpen() { return open; }
    public void setOpen(boolean open) { this.open = open; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public int getPasswordMax() { return Joining.PASSWORD_MAX; }

    /** The QR code of the join address's mailto, as a PNG. */
    public StreamedContent getQrCode() {
        byte[] png = qr;
        return png == null ? null : DefaultStreamedContent.builder().contentType("image/png")
                .contentLength((long) png.length).stream(() -> new ByteArrayInputStream(png)).build();
    }

    public JoinInfo getInfo() { return info; }
}
