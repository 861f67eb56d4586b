package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/attributes.xhtml}: the member attributes of the signed-in admin's network (学年, クラス, 部署, …):
 * add, edit in the same form, move up and down, delete after a confirmation step. The rules are the boundary's.
 */
@Named
@ViewScoped
public class AttributesView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    MemberAttributes memberAttributes;

    private List<Row> attributes;
    private Long editingId;
    private String label;
    private String kind = MemberAttribute.Kind.TEXT.name();
    private String choices;
    private boolean required;
    private boolean adminOnly;
    private Row deletion;

    /** One attribute as the list shows it. */
    public static final class Row implements Serializable {

        private static final long serialVersionUID = 1L;
        private final long id;
        private final String label;
        private final String kind;
        private final List<String> choices;
        private final boolean required;
        private final boolean adminOnly;

        Row(MemberAttribute a) {
            this.id = a.id();
            this.label = a.label();
            this.kind = a.kind().name();
            this.choices = List.copyOf(a.choices());
            this.required = a.required();
            this.adminOnly = a.adminOnly();
        }

        public long getId() { return id; }
        public String getLabel() { return label; }
        public String getKind() { return kind; }
        public String getChoicesText() { return String.join(" / ", choices); }
        public List<String> getChoices() { return choices; }
        public boolean isRequired() { return required; }
        public boolean isAdminOnly() { return adminOnly; }
    }

    @PostConstruct
    void load() {
        attributes = memberAttributes.list(console.getNetworkId()).stream().map(Row::new).toList();
    }

    public String save() {
        MemberAttribute.Kind k = MemberAttribute.Kind.valueOf(kind);
        List<String> lines = choices == null ? List.of() : List.of(choices);
        try {
            if (editingId == null) {
                memberAttributes.create(console.getNetworkId(), label, k, lines, required, adminOnly);
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, "attributes.created", label.strip());
            } else {
                memberAttributes.update(console.getNetworkId(), editingId, label, k, lines, required, adminOnly);
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, "attributes.updated", label.strip());
            }
        } catch (MemberException refused) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
            return null;
        }
        clear();
        load();
        return null;
    }

    public String edit(long id) {
        attributes.stream().filter(r -> r.id == id).findFirst().ifPresent(r -> {
            editingId = r.id;
            label = r.label;
            kind = r.kind;
            choices = String.join("\n", r.choices);
            required = r.required;
            adminOnly = r.adminOnly;
        });
        deletion = null;
        return null;
    }

    public String cancelEdit() {
        clear();
        return null;
    }

    public String move(long id, int delta) {
        try {
            memberAttributes.move(console.getNetworkId(), id, delta);
        } catch (MemberException refused) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
        }
        load();
        return null;
    }

    public String askDeletion(long id) {
        deletion = attributes.stream().filter(r -> r.id == id).findFirst().orElse(null);
        return null;
    }

    public String cancelDeletion() {
        deletion = null;
        return null;
    }

    public String delete() {
        if (deletion != null) {
            try {
                memberAttributes.delete(console.getNetworkId(), deletion.id);
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, "attributes.deleted", deletion.label);
            } catch (MemberException refused) {
                Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
            }
        }
        deletion = null;
        clear();
        load();
        return null;
    }

    private void clear() {
        editingId = null;
        label = null;
        kind = MemberAttribute.Kind.TEXT.name();
        choices = null;
        required = false;
        adminOnly = false;
    }

    public List<Row> getAttributes() { return attributes; }
    public List<String> getKinds() { return List.of("TEXT", "SINGLE", "MULTI"); }
    public boolean isEditing() { return editingId != null; }
    public Row getDeletion() { return deletion; }
    public String getLabel() { return label; }
    public void setLabel(String label) { this.label = label; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getChoices() { return choices; }
    public void setChoices(String choices) { this.choices = choices; }
    public boolean isRequired() { return required; }
    public void setRequired(boolean required) { this.required = required; }
    public boolean isAdminOnly() { return adminOnly; }
    public void setAdminOnly(boolean adminOnly) { this.adminOnly = adminOnly; }
    public int getLabelMax() { return MemberAttribute.LABEL_MAX; }
}
