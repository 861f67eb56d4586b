package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The DKIM key record as DNS publishes it, and whether it publishes the key a rotation activates. */
class DkimTxtTest {

    private static final String KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx2";
    private static final String OTHER = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAy9";

    @Test
    void theRecordTheKeyringShowsPublishesItsKey() {
        String txt = DkimKeys.txtRecord(KEY);
        assertThat(DkimTxt.publicKey(txt)).contains(KEY);
        assertThat(DkimTxt.check(List.of(txt), KEY).verdict()).isEqualTo(DkimTxt.Verdict.MATCHES);
    }

    @Test
    void whiteSpaceAroundTagsAndInsideTheBase64IsIgnored() {
        String split = " v = DKIM1 ;k=RSA;\tp=" + KEY.substring(0, 20) + " \r\n " + KEY.substring(20) + " ; ";
        assertThat(DkimTxt.publicKey(split)).contains(KEY);
        assertThat(DkimTxt.check(List.of(split), KEY).matches()).isTrue();
    }

    @Test
    void aRecordWithoutVersionOrKeyTypeIsStillADkimKeyRecord() {
        assertThat(DkimTxt.publicKey("p=" + KEY)).contains(KEY);
    }

    @Test
    void noRecordAtTheNameIsAbsent() {
        DkimTxt.Check check = DkimTxt.check(List.of(), KEY);
        assertThat(check.verdict()).isEqualTo(DkimTxt.Verdict.ABSENT);
        assertThat(check.found()).isNull();
    }

    @Test
    void anotherKeyOrARevokedKeyDoesNotMatchAndIsReported() {
        String other = "v=DKIM1; k=rsa; p=" + OTHER;
        DkimTxt.Check check = DkimTxt.check(List.of("some other text", other), KEY);
        assertThat(check.verdict()).isEqualTo(DkimTxt.Verdict.OTHER_KEY);
        assertThat(check.found()).isEqualTo(other);
        assertThat(DkimTxt.check(List.of("v=DKIM1; p="), KEY).verdict()).isEqualTo(DkimTxt.Verdict.OTHER_KEY);
    }

    @Test
    void aPrefixOfTheKeyDoesNotMatch() {
        assertThat(DkimTxt.check(List.of("v=DKIM1; p=" + KEY.substring(0, KEY.length() - 1)), KEY).matches()).isFalse();
    }

    @Test
    void textThatIsNoDkimKeyRecordIsReportedAsSuch() {
        for (String txt : List.of("v=spf1 -all", "v=DKIM2; p=" + KEY, "k=rsa; v=DKIM1; p=" + KEY, "v=DKIM1; k=ed25519; p=" + KEY,
                "v=DKIM1; p=" + KEY + "; p=" + KEY, "hello", "v=DKIM1; k=rsa")) {
            assertThat(DkimTxt.publicKey(txt)).as(txt).isEmpty();
            DkimTxt.Check check = DkimTxt.check(List.of(txt), KEY);
            assertThat(check.verdict()).as(txt).isEqualTo(DkimTxt.Verdict.NOT_DKIM);
            assertThat(check.found()).isEqualTo(txt);
        }
    }
}
