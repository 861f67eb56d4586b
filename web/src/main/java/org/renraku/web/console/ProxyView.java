package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.MemberEditing;
import org.renraku.members.boundary.Members;
import org.renraku.members.entity.Language;
import org.renraku.web.i18n.Messages;
import org.renraku.web.member.AttributeField;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/proxy.xhtml}: 代行登録. The admin enters a new member's name, address and attributes (the
 * admin-only ones too); {@link Members#proxyRegister} stores the member as PENDING (no broadcasts) and mails
 * them a link: only their confirmation on the registration page makes them active. The form empties after a
 * registration, so the next one can follow; a refusal (address already in the network, bad address, missing
 * required attribute, …) keeps what was typed and says why.
 */
@Named
@ViewScoped
public class ProxyView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Members members;

    @Inject
    MemberAttributes attributes;

    private String name;
    private String email;
    private String language = Language.DEFAULT.code();
    private List<AttributeField> fields;

    @PostConstruct
    void init() {
        fields = AttributeField.of(attributes.list(console.getNetworkId()), Map.of());
    }

    public String register() {
        try {
            MemberProfile pending = members.proxyRegister(console.getNetworkId(), email, name,
                    AttributeField.values(fields), Language.of(language), console.getUserId(), ClientAddress.of(
                            (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()));
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "proxy.registered", pending.name(), pending.email());
            name = null;
            email = null;
            language = Language.DEFAULT.code();
            init();
        } catch (MemberException refused) {
            if (MemberException.EMAIL_TAKEN.equals(refused.key())) {
                Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "proxy.error.emailTaken", email.strip());
            } else {
                Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
            }
        }
        return null;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getEmail() { return email; }
    public String getLanguage() { return language; }
    public void setLanguage(String language) { this.language = language; }
    public List<String> getLanguages() { return MemberEditing.LANGUAGES; }
    public void setEmail(String email) { this.email = email; }
    public List<AttributeField> getFields() { return fields; }
    public int getNameMax() { return org.renraku.members.entity.Member.NAME_MAX; }
}
