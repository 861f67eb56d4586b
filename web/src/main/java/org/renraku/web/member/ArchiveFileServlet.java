package org.renraku.web.member;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.renraku.archive.boundary.Archive;

/**
 * {@code /member/archive-file?m=…&s=…&b=…&a=…}: a file of a public broadcast, for a member of its network with a
 * valid personal link (the archive's rules, {@link Archive#attachment}). Anything else — no or a wrong link, a
 * member who left, a private or unsent broadcast, another network's, a file of another broadcast — is 404, the
 * same answer whatever was wrong. Always sent as a download ({@code attachment}), never shown inline.
 */
@WebServlet(urlPatterns = ArchiveFileServlet.PATH)
public class ArchiveFileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final String PATH = "/member/archive-file";

    @Inject
    transient Archive archive;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Archive.File> file = Optional.empty();
        try {
            long m = Long.parseLong(request.getParameter("m"));
            long b = Long.parseLong(request.getParameter("b"));
            long a = Long.parseLong(request.getParameter("a"));
            file = archive.attachment(m, request.getParameter("s"), b, a);
        } catch (NumberFormatException | NullPointerException missing) {
            // a parameter missing or not a number: not found, as any other wrong link
        }
        if (file.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Archive.File f = file.get();
        response.setContentType(f.contentType());
        response.setContentLength(f.content().length);
        response.setHeader("Content-Disposition", contentDisposition(f.fileName()));
        response.setHeader("Cache-Control", "private, no-store");
        response.getOutputStream().write(f.content());
    }

    /** {@code attachment} with an ASCII fallback name and the real one in RFC 5987 form (Japanese names). */
    static String contentDisposition(String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
