package org.renraku.archive.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An Atom 1.0 document (RFC 4287) of a network's archive, written with the JDK's {@link XMLStreamWriter}: no feed
 * library is on the class path (Rome would bring JDOM and SLF4J into the EAR for the handful of elements written
 * here), and the writer escapes every text it is given. Entry content is {@code type="text"}: the plain text of the
 * broadcast, never markup, so a feed reader shows exactly what the mail's text part said. Characters XML 1.0 cannot
 * carry (control characters other than tab and line breaks) are left out.
 */
public final class AtomFeed {

    public static final String NS = "http://www.w3.org/2005/Atom";
    public static final String MEDIA_TYPE = "application/atom+xml";

    /** The feed: its address (rel="self"), title, author (the network's name) and a stable id seed. */
    public record Head(String selfUrl, String title, String author, String idSeed, Instant fallbackUpdated) {
        public Head {
            Objects.requireNonNull(selfUrl, "selfUrl");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(idSeed, "idSeed");
            Objects.requireNonNull(fallbackUpdated, "fallbackUpdated");
        }
    }

    /**
     * One broadcast: id, when it was sent, subject and text (placeholders already filled neutrally), and the page a
     * reader opens for it ({@code rel="alternate"}; null: none).
     */
    public record Entry(long broadcastId, Instant sentAt, String subject, String text, String link) {
        public Entry {
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
        }

        /** Without a link. */
        public Entry(long broadcastId, Instant sentAt, String subject, String text) {
            this(broadcastId, sentAt, subject, text, null);
        }
    }

    private AtomFeed() {
    }

    /** The document, UTF-8; {@code entries} newest first. */
    public static byte[] write(Head head, List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + entries.size() * 1024);
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("feed");
            w.writeDefaultNamespace(NS);
            element(w, "id", uuid(head.idSeed()));
            element(w, "title", head.title());
            element(w, "updated", time(entries.isEmpty() ? head.fallbackUpdated() : entries.get(0).sentAt()));
            w.writeEmptyElement("link");
            w.writeAttribute("rel", "self");
            w.writeAttribute("type", MEDIA_TYPE);
            w.writeAttribute("href", head.selfUrl());
            w.writeStartElement("author");
            element(w, "name", head.author());
            w.writeEndElement();
            for (Entry e : entries) {
                w.writeStartElement("entry");
                element(w, "id", uuid(head.idSeed() + ":broadcast:" + e.broadcastId()));
                element(w, "title", e.subject());
                element(w, "published", time(e.sentAt()));
                element(w, "updated", time(e.sentAt()));
                if (e.link() != null) {
                    w.writeEmptyElement("link");
                    w.writeAttribute("rel", "alternate");
                    w.writeAttribute("type", "text/html");
                    w.writeAttribute("href", e.link());
                }
                w.writeStartElement("content");
                w.writeAttribute("type", "text");
                w.writeCharacters(xmlSafe(e.text()));
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Atom feed not written", e);
        }
        return out.toByteArray();
    }

    /** A stable {@code urn:uuid:} (name-based) of {@code seed}: entry ids survive a new feed address. */
    static String uuid(String seed) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(xmlSafe(text));
        w.writeEndElement();
    }

    /** {@code s} without the characters XML 1.0 does not allow (NUL, other C0 controls, lone surrogates, FFFE/FFFF). */
    static String xmlSafe(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
