package org.renraku.web.archive;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.renraku.archive.boundary.Archive;
import org.renraku.archive.control.AtomFeed;
import org.renraku.archive.control.FeedAddresses;
import org.renraku.web.i18n.LocaleView;
import org.renraku.web.i18n.Messages;
import org.renraku.web.member.ArchiveView;

/**
 * {@code /feed/<network id>-<secret>.atom}: the Atom feed of a network's archive at its secret address
 * ({@link FeedAddresses}; the console shows it and makes a new one). Anything but the network's current address is
 * 404. Texts (title, the neutral words of placeholders) in Japanese unless the reader prefers English.
 */
@WebServlet(urlPatterns = FeedAddresses.PATH + "*")
public class FeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Archive archive;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        Optional<FeedAddresses.Presented> presented = FeedAddresses.parse(path == null ? null : path.substring(1));
        Locale locale = LocaleView.negotiate(request.getHeader("Accept-Language"));
        Optional<byte[]> feed = presented.flatMap(p -> archive.feed(p.networkId(), p.secret(),
                ArchiveView.neutral(locale),
                Messages.text(locale, "archive.feed.title")));
        if (feed.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(AtomFeed.MEDIA_TYPE + ";charset=UTF-8");
        response.setContentLength(feed.get().length);
        response.setHeader("Cache-Control", "private, max-age=300");
        response.getOutputStream().write(feed.get());
    }
}
