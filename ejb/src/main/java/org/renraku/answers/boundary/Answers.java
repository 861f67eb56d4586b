package org.renraku.answers.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.answers.control.AnswerCsv;
import org.renraku.answers.control.Keywords;
import org.renraku.answers.entity.Answer;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.broadcasts.entity.Survey;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.members.entity.Language;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.control.AddressMask;
import org.renraku.members.entity.EmailAddress;
import org.renraku.platform.control.Secrets;

/**
 * Answers to broadcasts: read confirmations (「確認しました」) and answers with choices. A member answers
 * through the personal link of the broadcast's mail ({@link #question}, {@link #answerByLink}: the signed delivery
 * token names exactly one member and one broadcast) or by a keyword reply to their own reply address in that mail
 * ({@link #answerByMail}); the latest answer counts (one row per broadcast and member, written with one atomic
 * upsert). The admin's side: {@link #configure} while composing, {@link #tally}, {@link #answered},
 * {@link #unanswered}, {@link #csv} — always within the admin's network.
 */
@Stateless
public class Answers {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Secrets secrets;

    @Inject
    MemberDirectory directory;

    /** What the member's answer page shows: the broadcast's question and this member's own answer, nothing else. */
    public record Question(long broadcastId, String networkName, String subject, AnswerKind kind, List<String> choices,
            Instant deadline, boolean open, String memberName, boolean answered, Integer choice, Instant answeredAt,
            List<Survey.Question> questions, List<Survey.Value> values) implements Serializable {
        public Question {
            choices = List.copyOf(choices);
            questions = List.copyOf(questions);
            values = List.copyOf(values);
        }

        /** The text of the member's current choice, or null (not answered, or confirmed only). */
        public String choiceText() {
            return choice == null || choice < 1 || choice > choices.size() ? null : choices.get(choice - 1);
        }
    }

    /** How a reply to a broadcast's reply address ended (inbound_mails.reason says the same in words). */
    public enum ReplyOutcome {
        /** The member's answer was recorded. */
        ANSWERED,
        /** The address is no reply address of a broadcast of this network that asks for answers (bad MAC too). */
        UNKNOWN_ADDRESS,
        /**
         * The retired shared reply address of a broadcast (before per-member reply addresses): only the forgeable From could say who
         * answered, so nothing is recorded.
         */
        SHARED_ADDRESS,
        /** The token is right but names no delivery of a member still in the network. */
        NO_DELIVERY,
        /** No keyword in the reply. */
        UNKNOWN_KEYWORD,
        /** The deadline has passed. */
        CLOSED
    }

    public record ReplyResult(ReplyOutcome outcome, Long broadcastId, Long memberId, Integer choice) {
    }

    /** The counts of one broadcast: per choice (index 0 = choice 1), confirmed only, recipients, answered. */
    public record Tally(long broadcastId, String subject, AnswerKind kind, List<String> choices, List<Long> counts,
            long confirmedOnly, long recipients, long answered, Instant deadline) implements Serializable {
        public Tally {
            choices = List.copyOf(choices);
            counts = List.copyOf(counts);
        }

        public long unanswered() {
            return Math.max(0, recipients - answered);
        }
    }

    /** A survey's question in the tally: counts per choice, and the free texts with the member's name. */
    public record QuestionTally(int number, Survey.Question question, List<Long> counts, List<FreeText> texts)
            implements Serializable {
        public QuestionTally {
            counts = List.copyOf(counts);
            texts = List.copyOf(texts);
        }
    }

    public record FreeText(String name, String text) implements Serializable {
    }

    /** One member's answer for the console: address masked unless the network shows addresses. */
    public record AnsweredRow(long memberId, String name, String email, Integer choice, String choiceText,
            Answer.Via via, Instant answeredAt) implements Serializable {
    }

    // --- compose

    /**
     * Sets what a draft of the admin's network asks of its members: nothing, a confirmation, or one of
     * {@code choices} (1-10) until {@code deadline} (null: none). Refusals carry {@code answer.error.*} keys.
     */
    public void configure(long networkId, long broadcastId, AnswerKind kind, List<String> choices, Instant deadline) {
        configure(networkId, broadcastId, kind, choices, List.of(), deadline);
    }

    /**
     * {@link #configure(long, long, AnswerKind, List, Instant)} with the {@code questions} of a survey (アンケート,
     * 1-10, refusals {@code answer.error.survey.*} with the question's number and the limit).
     */
    public void configure(long networkId, long broadcastId, AnswerKind kind, List<String> choices,
                          List<Survey.Question> questions, Instant deadline) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        if (b == null || b.network().id() != networkId || b.status() != Broadcast.Status.DRAFT) {
            throw new AnswerException(AnswerException.NOT_DRAFT);
        }
        if (kind == null) {
            kind = AnswerKind.NONE;
        }
        if (kind == AnswerKind.SURVEY) {
            Survey.Problem problem = Survey.problem(questions);
            if (problem != null) {
                throw new AnswerException(AnswerException.survey(problem.reason()),
                        Integer.toString(problem.question()), Integer.toString(switch (problem.reason()) {
                            case TOO_MANY, NONE_GIVEN -> Survey.MAX_QUESTIONS;
                            case TEXT_TOO_LONG, TEXT_MISSING -> Survey.MAX_TEXT;
                            case CHOICE_TOO_LONG -> AnswerChoices.MAX_LENGTH;
                            default -> AnswerChoices.MAX;
                        }));
            }
        }
        if (kind == AnswerKind.CHOICE) {
            AnswerChoices.Problem problem = AnswerChoices.problem(choices);
            if (problem != null) {
                throw new AnswerException(switch (problem) {
                    case NONE_GIVEN -> AnswerException.CHOICES_NONE;
                    case TOO_MANY -> AnswerException.CHOICES_TOO_MANY;
                    case TOO_LONG -> AnswerException.CHOICES_TOO_LONG;
                    case DUPLICATE -> AnswerException.CHOICES_DUPLICATE;
                }, Integer.toString(problem == AnswerChoices.Problem.TOO_LONG ? AnswerChoices.MAX_LENGTH
                        : AnswerChoices.MAX));
            }
        }
        Instant now = clock.instant();
        if (kind.asks() && deadline != null && !deadline.isAfter(now)) {
            throw new AnswerException(AnswerException.DEADLINE_PAST);
        }
        b.ask(kind, choices, questions, deadline, now);
    }

    // --- the member's side: the personal link

    /** The question a personal answer link shows, when its token verifies and names a delivery; else empty. */
    public Optional<Question> question(String token) {
        return delivery(token).map(d -> question(d.broadcastId(), d.memberId()));
    }

    /** The language of the member an answer link names, for the answer page to show in. */
    public Optional<Language> memberLanguage(String token) {
        return delivery(token).map(d -> {
            List<?> rows = em.createNativeQuery("SELECT language FROM members WHERE id = ?")
                    .setParameter(1, d.memberId()).getResultList();
            return Language.of(rows.isEmpty() ? null : (String) rows.get(0));
        });
    }

    /**
     * Records the answer of the member the link names: {@code choice} 0 (or null) confirms, 1.. is a choice of a
     * CHOICE broadcast. Only that member's row is written; what is returned is only that member's answer.
     */
    public Question answerByLink(String token, Integer choice) {
        DeliveryToken d = delivery(token).orElseThrow(() -> new AnswerException(AnswerException.INVALID));
        Broadcast b = em.find(Broadcast.class, d.broadcastId());
        Integer stored = storedChoice(b, choice).orElseThrow(() -> new AnswerException(AnswerException.CHOICE));
        if (!open(b)) {
            throw new AnswerException(AnswerException.CLOSED);
        }
        upsert(b, d.memberId(), stored == 0 ? null : stored, null, Answer.Via.LINK);
        return question(d.broadcastId(), d.memberId());
    }

    /**
     * Records the survey values (one per question, 1-based choices or a text) of the member the link names; the
     * latest values count. Refusals: {@code answer.error.survey.required|choice|tooLong} with the question's number.
     */
    public Question answerSurvey(String token, List<Survey.Value> values) {
        DeliveryToken d = delivery(token).orElseThrow(() -> new AnswerException(AnswerException.INVALID));
        Broadcast b = em.find(Broadcast.class, d.broadcastId());
        if (b.answerKind() != AnswerKind.SURVEY) {
            throw new AnswerException(AnswerException.CHOICE);
        }
        if (!open(b)) {
            throw new AnswerException(AnswerException.CLOSED);
        }
        List<Survey.Question> questions = b.answerQuestions();
        Survey.Refusal refusal = Survey.refusal(questions, values);
        if (refusal != null) {
            throw new AnswerException(AnswerException.survey(refusal.reason()), Integer.toString(refusal.question()),
                    Integer.toString(Survey.MAX_ANSWER));
        }
        List<Survey.Value> all = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            all.add(values != null && i < values.size() && values.get(i) != null ? values.get(i) : Survey.Value.EMPTY);
        }
        upsert(b, d.memberId(), null, Survey.valuesToJson(all), Answer.Via.LINK);
        return question(d.broadcastId(), d.memberId());
    }

    // --- the member's side: a keyword reply

    /**
     * A reply mail to the reply address with "+detail" {@code detail} of the network {@code networkId}: the keyword
     * in the text (or subject) becomes the answer, in that broadcast, of the recipient whose answer token the
     * address carries ({@code r-<token>}) — whatever {@code from} says, so a mail with another member's
     * From answers nothing for them. Nothing is written for a bad token, a delivery that does not exist (or whose
     * member left), a broadcast of another network or without keyword answers, the retired shared address of a
     * broadcast, a reply without a keyword, or after the deadline.
     */
    public ReplyResult answerByMail(long networkId, String detail, EmailAddress from, String subject, String text) {
        byte[] key = key();
        if (AnswerAddresses.isSharedReply(detail, key)) {
            return new ReplyResult(ReplyOutcome.SHARED_ADDRESS, null, null, null);
        }
        Optional<DeliveryToken> token = AnswerAddresses.deliveryOf(detail, key);
        if (token.isEmpty()) {
            return new ReplyResult(ReplyOutcome.UNKNOWN_ADDRESS, null, null, null);
        }
        DeliveryToken d = token.get();
        Broadcast b = em.find(Broadcast.class, d.broadcastId());
        // a survey has no reply address: keyword replies do not apply to it
        if (b == null || b.network().id() != networkId || !b.answerKind().asks()
                || b.answerKind() == AnswerKind.SURVEY) {
            return new ReplyResult(ReplyOutcome.UNKNOWN_ADDRESS, d.broadcastId(), null, null);
        }
        if (!asksThisMember(d)) { // the token was checked above: no need to sign and verify it again
            return new ReplyResult(ReplyOutcome.NO_DELIVERY, b.id(), d.memberId(), null);
        }
        Optional<Keywords.Match> match = Keywords.read(b.answerKind(), b.answerChoices(), subject, text);
        if (match.isEmpty()) {
            return new ReplyResult(ReplyOutcome.UNKNOWN_KEYWORD, b.id(), d.memberId(), null);
        }
        if (!open(b)) {
            return new ReplyResult(ReplyOutcome.CLOSED, b.id(), d.memberId(), null);
        }
        Integer choice = match.get().choice().orElse(null);
        upsert(b, d.memberId(), choice, null, Answer.Via.MAIL);
        return new ReplyResult(ReplyOutcome.ANSWERED, b.id(), d.memberId(), choice);
    }

    // --- the admin's side

    /**
     * Whether the broadcast is one of the network's: the tally page says "not found" for another network's
     * broadcast (or none), and "asks for no answer" only for one of its own.
     */
    public boolean isOwn(long networkId, long broadcastId) {
        return own(networkId, broadcastId) != null;
    }

    /** The counts of a broadcast of the admin's network; empty for another network's or one without answers. */
    public Optional<Tally> tally(long networkId, long broadcastId) {
        Broadcast b = own(networkId, broadcastId);
        if (b == null || !b.answerKind().asks()) {
            return Optional.empty();
        }
        List<String> choices = b.answerChoices();
        long[] counts = new long[choices.size()];
        long confirmedOnly = 0;
        long answered = 0;
        for (Object o : em.createNativeQuery("SELECT choice, COUNT(*) FROM answers WHERE broadcast_id = ?"
                + " AND network_id = ? GROUP BY choice").setParameter(1, broadcastId).setParameter(2, networkId)
                .getResultList()) {
            Object[] r = (Object[]) o;
            long n = ((Number) r[1]).longValue();
            answered += n;
            if (r[0] == null) {
                confirmedOnly += n;
            } else {
                int c = ((Number) r[0]).intValue();
                if (c >= 1 && c <= counts.length) {
                    counts[c - 1] += n;
                }
            }
        }
        long recipients = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?")
                .setParameter(1, broadcastId).getSingleResult()).longValue();
        List<Long> list = new ArrayList<>();
        for (long c : counts) {
            list.add(c);
        }
        return Optional.of(new Tally(b.id(), b.subject(), b.answerKind(), choices, list, confirmedOnly, recipients,
                answered, b.answerDeadline().orElse(null)));
    }

    /**
     * A survey's tally per question: counts per choice (a member with several choices counts for each) and the
     * free texts with the member's name, newest answer first; empty for another network's or no survey.
     */
    public List<QuestionTally> surveyTally(long networkId, long broadcastId) {
        Broadcast b = own(networkId, broadcastId);
        if (b == null || b.answerKind() != AnswerKind.SURVEY) {
            return List.of();
        }
        List<Survey.Question> questions = b.answerQuestions();
        List<long[]> counts = new ArrayList<>();
        List<List<FreeText>> texts = new ArrayList<>();
        questions.forEach(q -> {
            counts.add(new long[q.choices().size()]);
            texts.add(new ArrayList<>());
        });
        for (Object[] r : surveyRows(networkId, broadcastId)) {
            List<Survey.Value> values = Survey.valuesFromJson((String) r[2], questions.size());
            for (int i = 0; i < questions.size(); i++) {
                Survey.Value v = values.get(i);
                if (v.text() != null) {
                    texts.get(i).add(new FreeText((String) r[1], v.text()));
                }
                for (int c : v.choices()) {
                    if (c >= 1 && c <= counts.get(i).length) {
                        counts.get(i)[c - 1]++;
                    }
                }
            }
        }
        List<QuestionTally> out = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            out.add(new QuestionTally(i + 1, questions.get(i),
                    java.util.Arrays.stream(counts.get(i)).boxed().toList(), texts.get(i)));
        }
        return out;
    }

    /** member id, name, survey_values of a broadcast's answers, newest first. */
    @SuppressWarnings("unchecked")
    private List<Object[]> surveyRows(long networkId, long broadcastId) {
        return em.createNativeQuery("SELECT m.id, m.name, a.survey_values FROM answers a JOIN members m"
                        + " ON m.id = a.member_id WHERE a.broadcast_id = ? AND a.network_id = ?"
                        + " ORDER BY a.answered_at DESC, m.id")
                .setParameter(1, broadcastId).setParameter(2, networkId).getResultList();
    }

    /** Who answered what, newest answer first; addresses masked unless the network shows them. */
    public List<AnsweredRow> answered(long networkId, long broadcastId) {
        Broadcast b = own(networkId, broadcastId);
        if (b == null) {
            return List.of();
        }
        boolean full = directory.showsAddresses(networkId);
        List<String> choices = b.answerChoices();
        List<AnsweredRow> rows = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT m.id, m.name, m.email, a.choice, a.via, UNIX_TIMESTAMP(a.answered_at)"
                + " FROM answers a JOIN members m ON m.id = a.member_id WHERE a.broadcast_id = ? AND a.network_id = ?"
                + " ORDER BY a.answered_at DESC, m.id").setParameter(1, broadcastId).setParameter(2, networkId)
                .getResultList()) {
            Object[] r = (Object[]) o;
            Integer choice = r[3] == null ? null : ((Number) r[3]).intValue();
            String email = (String) r[2];
            rows.add(new AnsweredRow(((Number) r[0]).longValue(), (String) r[1], full ? email : AddressMask.mask(email),
                    choice, choice == null || choice > choices.size() ? null : choices.get(choice - 1),
                    Answer.Via.valueOf((String) r[4]), EpochSeconds.instant(r[5])));
        }
        return rows;
    }

    /** The names of the recipients who have not answered (names only), in name order. */
    @SuppressWarnings("unchecked")
    public List<String> unanswered(long networkId, long broadcastId) {
        if (own(networkId, broadcastId) == null) {
            return List.of();
        }
        return em.createNativeQuery("SELECT m.name FROM deliveries d JOIN members m ON m.id = d.member_id"
                        + " LEFT JOIN answers a ON a.broadcast_id = d.broadcast_id AND a.member_id = d.member_id"
                        + " WHERE d.broadcast_id = ? AND m.network_id = ? AND a.id IS NULL ORDER BY m.name, m.id")
                .setParameter(1, broadcastId).setParameter(2, networkId).getResultList();
    }

    /** The answers as CSV (UTF-8 with BOM): who answered what and when, then those who have not answered. */
    public byte[] csv(long networkId, long broadcastId) {
        Broadcast b = own(networkId, broadcastId);
        if (b == null) {
            throw new AnswerException(AnswerException.INVALID);
        }
        if (b.answerKind() == AnswerKind.SURVEY) {
            List<Survey.Question> questions = b.answerQuestions();
            java.util.Map<Long, List<Survey.Value>> values = new java.util.HashMap<>();
            for (Object[] r : surveyRows(networkId, broadcastId)) {
                values.put(((Number) r[0]).longValue(), Survey.valuesFromJson((String) r[2], questions.size()));
            }
            return AnswerCsv.export(questions, answered(networkId, broadcastId), values,
                    unanswered(networkId, broadcastId));
        }
        return AnswerCsv.export(b.answerKind(), answered(networkId, broadcastId), unanswered(networkId, broadcastId));
    }

    // --- inside

    private Question question(long broadcastId, long memberId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        List<?> names = em.createNativeQuery("SELECT name FROM members WHERE id = ?").setParameter(1, memberId)
                .getResultList();
        String name = names.isEmpty() ? "" : (String) names.get(0);
        Optional<Answer> a = em.createNamedQuery(Answer.OF_MEMBER, Answer.class).setParameter("broadcast", broadcastId)
                .setParameter("member", memberId).getResultStream().findFirst();
        List<Survey.Question> questions = b.answerQuestions();
        return new Question(b.id(), b.network().name(), b.subject(), b.answerKind(), b.answerChoices(),
                b.answerDeadline().orElse(null), open(b), name, a.isPresent(),
                a.flatMap(Answer::choice).orElse(null), a.map(Answer::answeredAt).orElse(null), questions,
                Survey.valuesFromJson(a.map(Answer::surveyValues).orElse(null), questions.size()));
    }

    /** The verified token of a delivery of a broadcast that asks for answers in an active network. */
    private Optional<DeliveryToken> delivery(String token) {
        return DeliveryToken.parse(token, key(), DeliveryToken.Purpose.ANSWER).filter(this::asksThisMember);
    }

    /** The delivery exists, its broadcast asks for answers in an active network, and its member has not left. */
    private boolean asksThisMember(DeliveryToken d) {
        List<?> found = em.createNativeQuery("SELECT b.answer_kind FROM deliveries d JOIN broadcasts b"
                        + " ON b.id = d.broadcast_id JOIN networks n ON n.id = b.network_id JOIN members m"
                        + " ON m.id = d.member_id AND m.network_id = b.network_id WHERE d.broadcast_id = ?"
                        + " AND d.member_id = ? AND n.status = 'ACTIVE' AND m.status <> 'LEFT'")
                .setParameter(1, d.broadcastId()).setParameter(2, d.memberId()).getResultList();
        return !found.isEmpty() && !"NONE".equals(found.get(0));
    }

    /** 0 for a confirmation, 1.. for a choice of a CHOICE broadcast; empty when it is no answer to {@code b}. */
    private static Optional<Integer> storedChoice(Broadcast b, Integer choice) {
        int c = choice == null ? 0 : choice;
        return switch (b.answerKind()) {
            case CONFIRM -> c == 0 ? Optional.of(0) : Optional.empty();
            case CHOICE -> c >= 1 && c <= b.answerChoices().size() ? Optional.of(c) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private boolean open(Broadcast b) {
        return b.answerDeadline().map(d -> clock.instant().isBefore(d)).orElse(true);
    }

    /** The latest answer counts: one atomic INSERT … ON DUPLICATE KEY UPDATE of the (broadcast, member) row. */
    private void upsert(Broadcast b, long memberId, Integer choice, String surveyValues, Answer.Via via) {
        Instant now = clock.instant();
        em.createNativeQuery("INSERT INTO answers (network_id, broadcast_id, member_id, choice, via, answered_at,"
                        + " first_at, changes, survey_values) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) ON DUPLICATE KEY UPDATE"
                        + " changes = changes + IF(choice <=> VALUES(choice)"
                        + " AND survey_values <=> VALUES(survey_values), 0, 1), choice = VALUES(choice),"
                        + " survey_values = VALUES(survey_values), via = VALUES(via), answered_at = VALUES(answered_at)")
                .setParameter(1, b.network().id()).setParameter(2, b.id()).setParameter(3, memberId)
                .setParameter(4, choice).setParameter(5, via.name()).setParameter(6, Timestamp.from(now))
                .setParameter(7, Timestamp.from(now)).setParameter(8, surveyValues).executeUpdate();
    }

    private Broadcast own(long networkId, long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        return b == null || b.network().id() != networkId ? null : b;
    }

    private byte[] key() {
        return secrets.key(DeliveryToken.SECRET_PROPERTY, DeliveryToken.SECRET_NAME);
    }
}
