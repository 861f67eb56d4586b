import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberQuery;
import org.renraku.members.control.AttributeIndex;

/**
 * Prints the member table's statements exactly as MemberDirectory builds them (count, then the page),
 * parameters inlined, for varied filters, sorts and pages. Run by member-table.sh:
 * java -cp ejb/target/classes ear/bench/MemberTableSql.java NETWORK ATTRIBUTE_ID RUNS TOTAL
 * or, for the seed, the application's statement that fills the attribute-value index of a network:
 * java -cp ejb/target/classes ear/bench/MemberTableSql.java index NETWORK
 */
public class MemberTableSql {

    static final String[] SURNAMES = {"佐藤", "鈴木", "髙橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
            "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"};
    static final String[] GIVEN = {"太郎", "花子", "次郎", "美咲", "健", "陽菜", "大翔", "結衣", "蓮", "葵"};
    static final String[] CARRIERS = {"DOCOMO", "AU", "SOFTBANK", "YMOBILE", "RAKUTEN", "GMAIL", "ICLOUD",
            "YAHOO_JAPAN", "OUTLOOK", "OTHER"};
    static final String[] STATUSES = {"ACTIVE", "SUSPENDED", "LEFT"};

    public static void main(String[] args) {
        if (args[0].equals("index")) {
            System.out.println(inline(AttributeIndex.insertNetworkSql(), List.of(Long.parseLong(args[1]))) + ";");
            return;
        }
        long network = Long.parseLong(args[0]);
        long attribute = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        int total = Integer.parseInt(args[3]);
        Random random = new Random(42);
        for (int i = 0; i < runs; i++) {
            MemberQuery q = MemberQuery.all();
            int shape = i % 8;
            switch (shape) {
                case 0 -> { } // the page as it opens: newest first
                case 1 -> q = q.withName(SURNAMES[random.nextInt(SURNAMES.length)], false);
                case 2 -> q = q.withName(GIVEN[random.nextInt(GIVEN.length)], true);
                case 3 -> q = q.withCarrier(CARRIERS[random.nextInt(CARRIERS.length)]);
                case 4 -> q = q.withStatus(STATUSES[random.nextInt(STATUSES.length)]);
                case 5 -> q = q.withAttribute(attribute, (1 + random.nextInt(6)) + "年");
                case 6 -> q = q.withCarrier(CARRIERS[random.nextInt(5)]).withStatus("ACTIVE");
                default -> q = q.withName(SURNAMES[random.nextInt(SURNAMES.length)], false)
                        .withAttribute(attribute, (1 + random.nextInt(6)) + "年");
            }
            MemberQuery.Sort sort = MemberQuery.Sort.values()[random.nextInt(4)];
            q = q.sortedBy(sort, random.nextBoolean());
            // most requests look at the first pages; one in ten jumps far (up to the last page of all members)
            int pageSize = 25;
            int first = random.nextInt(10) == 0 ? random.nextInt(Math.max(1, total / pageSize)) * pageSize
                    : random.nextInt(5) * pageSize;
            List<Object> countParams = new ArrayList<>();
            String count = MemberDirectory.countSql(network, q, countParams);
            List<Object> pageParams = new ArrayList<>();
            String page = MemberDirectory.pageSql(network, q, first, pageSize, pageParams);
            System.out.println(inline(count, countParams) + ";");
            System.out.println(inline(page, pageParams) + ";");
        }
    }

    static String inline(String sql, List<Object> params) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?' ) {
                Object v = params.get(p++);
                out.append(v instanceof Number ? v.toString()
                        : "'" + v.toString().replace("\\", "\\\\").replace("'", "''") + "'");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
