package org.renraku.web.member;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;
import org.renraku.bounces.boundary.SuppressionAdministration;
import org.renraku.members.entity.Language;

/**
 * {@code /member/confirm-lift.xhtml?token=…}, the link mailed to a member whose complaint or unsubscription an
 * admin lifted. Opening it shows the network and one button; mail resumes only on the button (a POST), so a
 * mail scanner that fetches links consents to nothing.
 */
@Named
@ViewScoped
public class ConfirmLiftView extends OneTimeLinkPage<SuppressionAdministration.Confirmation, SuppressionAdministration.Confirmation> {

    private static final long serialVersionUID = 1L;

    @Inject
    SuppressionAdministration administration;

    @Override
    protected Optional<SuppressionAdministration.Confirmation> peek(String token) {
        return administration.peek(token);
    }

    @Override
    protected Optional<Language> language(String token) {
        return Optional.ofNullable(form()).map(SuppressionAdministration.Confirmation::language);
    }

    @Override
    protected Optional<SuppressionAdministration.Confirmation> act(String token) {
        return administration.confirm(token);
    }

    public String getNetworkName() {
        return done() != null ? done().networkName() : form() == null ? null : form().networkName();
    }
}
