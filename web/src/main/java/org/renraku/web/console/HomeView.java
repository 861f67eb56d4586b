package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.renraku.home.boundary.Home;
import org.renraku.home.boundary.HomeFigures;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/index.xhtml}, the console's home (ホーム): what needs the admin now, the members, the last
 * broadcasts with their delivery and answer rates, what is scheduled, and — for a new network — the
 * getting-started checklist. One call to {@link Home} per request; the page only reads.
 */
@Named
@RequestScoped
public class HomeView {

    @Inject
    Home home;

    @Inject
    ConsoleSession console;

    private HomeFigures figures;

    @PostConstruct
    void load() {
        figures = home.figures(console.getNetworkId());
    }

    public HomeFigures getFigures() {
        return figures;
    }

    public HomeFigures.Checklist getChecklist() {
        return figures.checklist();
    }

    public HomeFigures.Alerts getAlerts() {
        return figures.alerts();
    }

    public HomeFigures.Members getMembers() {
        return figures.members();
    }
}
