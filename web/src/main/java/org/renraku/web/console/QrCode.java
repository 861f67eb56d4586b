package org.renraku.web.console;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A QR code as a black-and-white PNG, made on the server with ZXing (no script, nothing fetched from outside;
 * the console runs without internet access). Error correction M (15 %: a printed sheet may be creased), the
 * quiet zone of four modules the standard asks for, and whole pixels per module so that the code stays sharp
 * when the browser or the printer scales it ({@code image-rendering: pixelated} in the page).
 */
public final class QrCode {

    /** Quiet zone around the code, in modules (ISO/IEC 18004). */
    static final int QUIET_ZONE = 4;

    private QrCode() {
    }

    /**
     * The PNG of the QR code of {@code text}.
     *
     * @param pixelsPerModule size of one module (black or white square) in pixels
     */
    public static byte[] png(String text, int pixelsPerModule) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, "UTF-8",
                    EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Too long for a QR code: " + text.length() + " characters", e);
        }
        int scale = Math.max(1, pixelsPerModule);
        int width = matrix.getWidth() * scale;
        int height = matrix.getHeight() * scale;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, matrix.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
