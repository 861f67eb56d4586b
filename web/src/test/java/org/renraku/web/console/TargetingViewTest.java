package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.renraku.adminsession.boundary.Acquisition;
import org.renraku.answers.boundary.AnswerTargets;
import org.renraku.answers.control.AnswerStatus;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.control.RecipientFilter.MemberMode;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.members.boundary.AttributeLabel;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberRow;
import org.renraku.web.security.ConsoleSession;

/**
 * The compose page's targeting state without a container: the boundaries are replaced by in-memory ones that answer
 * as the database would for network 5 (attributes 学年 and クラス, four members, one broadcast that asked).
 */
class TargetingViewTest {

    private final List<RecipientFilter> counted = new ArrayList<>();
    private final List<Broadcasts.Group> groups = new ArrayList<>();
    private TargetingView view;

    @BeforeEach
    void openThePage() {
        view = new TargetingView() {
            @Override
            Locale pageLocale() {
                return Locale.JAPANESE;
            }
        };
        view.console = new ConsoleSession();
        view.console.start(new Acquisition.Granted("lease", 1, 5, "admin", "山田", "さくら小", null, null),
                Instant.now());
        view.directory = new MemberDirectory() {
            @Override
            public List<AttributeLabel> attributes(long networkId) {
                return List.of(new AttributeLabel(3, "学年", "SINGLE"), new AttributeLabel(4, "クラス", "SINGLE"));
            }

            @Override
            public Map<Long, List<String>> targetValues(long networkId) {
                Map<Long, List<String>> v = new LinkedHashMap<>();
                v.put(3L, List.of("1年", "2年", "3年"));
                v.put(4L, List.of("1組", "2組"));
                return v;
            }

            @Override
            public List<MemberRow> rows(long networkId, List<Long> ids) {
                return ids.stream().filter(id -> id < 90).map(id -> new MemberRow(id, "会員" + id, "m" + id + "@example.jp",
                        false, "DOCOMO", "ACTIVE", null, null)).toList();
            }
        };
        view.broadcasts = new Broadcasts() {
            @Override
            public long countRecipients(long networkId, RecipientFilter filter) {
                counted.add(filter);
                return 37;
            }

            @Override
            public List<Group> groups(long networkId) {
                return List.copyOf(groups);
            }
        };
        view.answerTargets = new AnswerTargets() {
            @Override
            public List<Asked> asked(long networkId) {
                return List.of(new Asked(9, "運動会の出欠", AnswerKind.CHOICE, List.of("出席", "欠席"), null));
            }
        };
        view.init();
    }

    @Test
    void checkedValuesOfEachAttributeMakeTheFilterAndItsSummary() {
        view.getAttributeChoices().get(0).setSelected(List.of("1年", "2年"));
        view.getAttributeChoices().get(1).setSelected(List.of("2組"));
        view.recount();
        assertThat(view.filter()).isEqualTo(new RecipientFilter(List.of(),
                Map.of(3L, List.of("1年", "2年"), 4L, List.of("2組"))));
        assertThat(counted.get(counted.size() - 1)).isEqualTo(view.filter());
        assertThat(view.getRecipients()).isEqualTo(37);
        assertThat(view.getSummary()).isEqualTo("学年: 1年 または 2年 かつ クラス: 2組");
    }

    @Test
    void choosingASavedGroupRestoresEveryPartOfItsFilter() {
        RecipientFilter saved = new RecipientFilter(List.of("AU"),
                Map.of(3L, List.of("1年", "4年"), 88L, List.of("赤")), new AnswerStatus(9, AnswerStatus.Status.CHOICE, 2),
                List.of(41L, 95L), MemberMode.ONLY);
        groups.add(new Broadcasts.Group(12, "1年と役員", saved));
        view.init(); // the page opened after the group was saved
        view.useGroup(12);

        // every part, also a value no longer offered (4年), a deleted attribute (88) and a deleted member (95)
        assertThat(view.filter()).isEqualTo(saved);
        assertThat(view.getCarriers()).containsExactly("AU");
        assertThat(view.getAnswerStatus()).isEqualTo("CHOICE-2");
        assertThat(view.getMemberMode()).isEqualTo(MemberMode.ONLY);
        assertThat(view.getPicked()).extracting(TargetingView.Picked::id).containsExactly(41L, 95L);
        assertThat(view.getAttributeChoices().get(0).getValues()).contains("4年");
        assertThat(view.getGroupName()).isEqualTo("1年と役員");
        assertThat(counted.get(counted.size() - 1)).isEqualTo(saved);
        assertThat(view.summaryOf(groups.get(0))).isEqualTo(view.getSummary())
                .startsWith("個別に選んだ 2 人 (会員41、削除された会員 (#95)) かつ 学年: 1年 または 4年");

        // another group replaces the whole filter, nothing of the first one stays
        RecipientFilter other = new RecipientFilter(List.of(), Map.of(4L, List.of("2組")));
        groups.add(new Broadcasts.Group(13, "2組", other));
        view.init();
        view.useGroup(13);
        assertThat(view.filter()).isEqualTo(other);
    }

    @Test
    void aPickedMemberIsAddedOnceAndRemoved() {
        view.addMember(41);
        view.addMember(41);
        view.addMember(99); // not a member of the network: nobody is added
        assertThat(view.filter().members()).containsExactly(41L);
        assertThat(view.getSummary()).isEqualTo("個別に選んだ 1 人 (会員41)");
        view.removeMember(41);
        assertThat(view.filter().isAll()).isTrue();
    }
}
