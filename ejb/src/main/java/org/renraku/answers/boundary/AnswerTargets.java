package org.renraku.answers.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerKind;

/**
 * The earlier broadcasts a new broadcast may target by answer status ({@code AnswerStatus} in the target
 * filter): the network's broadcasts that asked for answers and went out (being sent, paused or sent), newest first;
 * re-sends are not listed (their answers are their original's).
 */
@Stateless
public class AnswerTargets {

    /** How many the compose page offers. */
    public static final int MAX = 50;

    /** One broadcast to pick: what it asked, its choices (CHOICE), when it started. */
    public record Asked(long id, String subject, AnswerKind kind, List<String> choices, Instant startedAt)
            implements Serializable {
        public Asked {
            choices = List.copyOf(choices);
        }
    }

    @PersistenceContext
    EntityManager em;

    public List<Asked> asked(long networkId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, subject, answer_kind, answer_choices, UNIX_TIMESTAMP(started_at)"
                        + " FROM broadcasts WHERE network_id = ? AND answer_kind <> 'NONE' AND resend_of IS NULL"
                        + " AND status IN ('SENDING', 'PAUSED', 'SENT') ORDER BY started_at DESC, id DESC")
                .setParameter(1, networkId).setMaxResults(MAX).getResultList();
        List<Asked> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Asked(((Number) r[0]).longValue(), (String) r[1], AnswerKind.valueOf((String) r[2]),
                    r[3] == null ? List.of() : AnswerChoices.fromJson(r[3].toString()),
                    EpochSeconds.instant(r[4])));
        }
        return out;
    }
}
