package org.renraku.web.member;

import jakarta.faces.application.FacesMessage;
import org.renraku.members.boundary.MemberException;
import org.renraku.web.i18n.Messages;

/** Shows a refusal of the members boundary as a page message in the visitor's language. */
final class MemberErrors {

    private MemberErrors() {
    }

    static void show(MemberException refused) {
        Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
    }
}
