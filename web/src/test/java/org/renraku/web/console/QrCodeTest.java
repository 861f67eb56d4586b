package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNG the join page shows reads back, with ZXing's own QR reader, as the mailto of the join address. */
class QrCodeTest {

    @Test
    void thePngDecodesBackToTheMailtoOfTheJoinAddress() throws Exception {
        String mailto = "mailto:himawari-pta@join.renraku.test";

        byte[] png = QrCode.png(mailto, 10);

        assertThat(decode(png)).isEqualTo(mailto);
    }

    @Test
    void theImageIsWholeModulesWithAQuietZone() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCode.png("mailto:a@join.renraku.test", 10)));

        assertThat(image.getWidth()).isEqualTo(image.getHeight());
        assertThat(image.getWidth() % 10).isZero();
        // the quiet zone is white, the finder pattern right after it black
        int edge = QrCode.QUIET_ZONE * 10;
        assertThat(image.getRGB(edge - 1, edge - 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(edge, edge) & 0xFFFFFF).isZero();
    }

    @Test
    void aLongAddressStillDecodes() throws Exception {
        String mailto = "mailto:" + "a".repeat(40) + "-network@join.example-school.ed.jp";

        assertThat(decode(QrCode.png(mailto, 4))).isEqualTo(mailto);
    }

    private static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE)).getText();
    }
}
