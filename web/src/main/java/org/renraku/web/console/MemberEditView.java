package org.renraku.web.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.renraku.members.boundary.EditRefused;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberEditing;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.control.MemberChanges;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.Member;
import org.renraku.web.i18n.Messages;
import org.renraku.web.member.AttributeField;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/member.xhtml?id=}: an admin edits one member of their network — name, attribute values (the
 * admin-only ones too), the carrier mark, the language of the member's mail and pages, and the 役員メモ, which
 * only admins ever see. Reached from the member table's 「編集」. An id of another network (or none) shows
 * 「見つかりません」 and no form. A refusal keeps what was typed and shows each reason beside its field
 * ({@link EditRefused}); a saved edit says what changed (audited by {@link MemberEditing}).
 */
@Named
@ViewScoped
public class MemberEditView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: the fields' client ids start with it (the reasons beside them). */
    static final String FORM = "member-edit";

    @Inject
    ConsoleSession console;

    @Inject
    MemberEditing editing;

    @Inject
    MemberAttributes attributes;

    private Long id;
    private MemberEditing.MemberEdit member;
    private String name;
    private Carrier carrier;
    private String language;
    private String memo;
    private List<AttributeField> fields = List.of();

    /** f:viewAction: reads the member once (not again on the form's own posts). */
    public void load() {
        if (FacesContext.getCurrentInstance().isPostback()) {
            return;
        }
        member = id == null ? null : editing.load(console.getNetworkId(), id).orElse(null);
        if (member == null) {
            FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(404);
            return;
        }
        fill();
    }

    private void fill() {
        name = member.name();
        carrier = member.carrier();
        language = member.language();
        memo = member.memo();
        fields = AttributeField.of(attributes.list(console.getNetworkId()), member.attributes());
    }

    public String save() {
        if (member == null) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, MemberException.MEMBER_UNKNOWN);
            return null;
        }
        try {
            List<MemberChanges.Change> changes = editing.save(console.getNetworkId(), member.id(),
                    new MemberEditing.EditForm(name, AttributeField.values(fields), carrier, language, memo),
                    console.getUserId(), ClientAddress.of(
                            (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()));
            member = editing.load(console.getNetworkId(), member.id()).orElse(null);
            if (member != null) {
                fill();
            }
            if (changes.isEmpty()) {
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.edit.unchanged");
            } else {
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.edit.saved", name, changes.stream()
                        .map(c -> fieldName(c, Messages::text)).distinct().reduce((a, b) -> a + "、" + b).orElse(""));
            }
        } catch (EditRefused refused) {
            for (EditRefused.Refusal r : refused.refusals()) {
                Messages.add(clientId(r.field()), FacesMessage.SEVERITY_ERROR, r.key(), r.arguments().toArray());
            }
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.edit.refused");
        } catch (MemberException unknown) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, unknown.key(), unknown.arguments());
        }
        return null;
    }

    /** The client id of the input a refusal is about ({@code member-edit:attributes:N:text|single|multi} for an attribute). */
    String clientId(String field) {
        if (field.startsWith("attribute-")) {
            long attributeId = Long.parseLong(field.substring("attribute-".length()));
            for (int i = 0; i < fields.size(); i++) {
                AttributeField f = fields.get(i);
                if (f.getId() == attributeId) {
                    return FORM + ":attributes:" + i + ":" + f.getKind().toLowerCase(java.util.Locale.ROOT);
                }
            }
            return null;
        }
        return FORM + ":" + field;
    }

    /** A changed field as the saved message names it: the attribute's label, or the field's name in the page's language. */
    static String fieldName(MemberChanges.Change change, java.util.function.UnaryOperator<String> text) {
        return switch (change.field()) {
            case ATTRIBUTE -> change.label();
            case NAME -> text.apply("members.edit.field.NAME");
            case CARRIER -> text.apply("members.edit.field.CARRIER");
            case LANGUAGE -> text.apply("members.edit.field.LANGUAGE");
            case MEMO -> text.apply("members.edit.field.MEMO");
        };
    }

    public boolean isFound() { return member != null; }
    public MemberEditing.MemberEdit getMember() { return member; }
    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Carrier getCarrier() { return carrier; }
    public void setCarrier(Carrier carrier) { this.carrier = carrier; }
    public String getLanguage() { return language; }
    public void setLanguage(String language) { this.language = language; }
    public String getMemo() { return memo; }
    public void setMemo(String memo) { this.memo = memo; }
    public List<AttributeField> getFields() { return fields; }
    public List<Carrier> getCarriers() { return Arrays.asList(Carrier.values()); }
    public List<String> getLanguages() { return MemberEditing.LANGUAGES; }
    public int getNameMax() { return Member.NAME_MAX; }
    public int getMemoMax() { return Member.MEMO_MAX; }
}
