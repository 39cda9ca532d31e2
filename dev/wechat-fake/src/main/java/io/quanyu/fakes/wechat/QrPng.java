package io.quanyu.fakes.wechat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

/**
 * A small PNG that looks like a QR code (three finder squares, modules drawn from a hash of the ticket) for
 * {@code /cgi-bin/showqrcode}: the platform only stores or shows the image, nobody scans it with a phone.
 */
final class QrPng {

    private static final int MODULES = 21;
    private static final int SCALE = 6;
    private static final int MARGIN = 4;

    private QrPng() {
    }

    static byte[] render(String ticket) {
        BigInteger bits = new BigInteger(1, (Signatures.sha1Sorted(ticket) + Signatures.sha1Sorted(ticket, "2")
                + Signatures.sha1Sorted(ticket, "3")).getBytes());
        int size = (MODULES + 2 * MARGIN) * SCALE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int row = y / SCALE - MARGIN;
                int col = x / SCALE - MARGIN;
                boolean inside = row >= 0 && col >= 0 && row < MODULES && col < MODULES;
                boolean dark = inside && (isFinder(row, col) ? finderDark(row, col)
                        : bits.testBit(row * MODULES + col));
                image.setRGB(x, y, dark ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean isFinder(int row, int col) {
        return (row < 8 && col < 8) || (row < 8 && col >= MODULES - 8) || (row >= MODULES - 8 && col < 8);
    }

    /** A 7x7 finder: dark ring, light ring, dark 3x3 centre; the 8th row/column is a light separator. */
    private static boolean finderDark(int row, int col) {
        int r = row >= MODULES - 8 ? row - (MODULES - 7) : row;
        int c = col >= MODULES - 8 ? col - (MODULES - 7) : col;
        if (r < 0 || c < 0 || r > 6 || c > 6) {
            return false;
        }
        int ring = Math.min(Math.min(r, c), Math.min(6 - r, 6 - c));
        return ring != 1;
    }
}
