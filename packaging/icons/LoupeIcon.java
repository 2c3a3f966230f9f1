import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws Loupe's icon (a magnifier over "Aa" on a navy tile) as a PNG, so the icon has a readable source and the
 * packaging build needs no image tools: {@code java packaging/icons/LoupeIcon.java OUT.png [SIZE]}. An OUT ending in
 * {@code .ico} (Windows) or {@code .icns} (macOS) gets that container around PNG images, as jpackage wants there.
 */
public class LoupeIcon {
    public static void main(String[] args) throws Exception {
        String out = args[0];
        if (out.endsWith(".ico")) {
            // ICONDIR, one ICONDIRENTRY (0 means 256 pixels), then the PNG itself (Windows Vista and later read PNG icons).
            byte[] png = png(256);
            ByteBuffer ico = ByteBuffer.allocate(6 + 16 + png.length).order(ByteOrder.LITTLE_ENDIAN);
            ico.putShort((short) 0).putShort((short) 1).putShort((short) 1);
            ico.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32)
                    .putInt(png.length).putInt(6 + 16);
            ico.put(png);
            Files.write(Path.of(out), ico.array());
        } else if (out.endsWith(".icns")) {
            // "icns", the total length, then one entry per size: its type, its length with the 8-byte entry header, a PNG.
            ByteArrayOutputStream entries = new ByteArrayOutputStream();
            String[] types = {"ic07", "ic08", "ic09", "ic10"};
            int[] sizes = {128, 256, 512, 1024};
            for (int i = 0; i < types.length; i++) {
                byte[] png = png(sizes[i]);
                entries.write(types[i].getBytes(StandardCharsets.US_ASCII));
                entries.write(ByteBuffer.allocate(4).putInt(8 + png.length).array());
                entries.write(png);
            }
            ByteBuffer icns = ByteBuffer.allocate(8 + entries.size());
            icns.put("icns".getBytes(StandardCharsets.US_ASCII)).putInt(8 + entries.size()).put(entries.toByteArray());
            Files.write(Path.of(out), icns.array());
        } else {
            Files.write(Path.of(out), png(args.length > 1 ? Integer.parseInt(args[1]) : 256));
        }
    }

    private static byte[] png(int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.scale(size / 256.0, size / 256.0); // drawn on a 256 x 256 grid
        Color navy = new Color(0x1f3a5f);
        Color amber = new Color(0xf2b134);
        g.setColor(navy);
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 96, 96));
        g.setColor(new Color(0xe8f0fa));
        g.fill(new Ellipse2D.Double(48, 48, 120, 120));
        g.setColor(amber);
        g.setStroke(new BasicStroke(18));
        g.draw(new Ellipse2D.Double(48, 48, 120, 120));
        g.setStroke(new BasicStroke(26, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(156, 156, 214, 214));
        g.setColor(navy);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 52));
        String text = "Aa";
        int width = g.getFontMetrics().stringWidth(text);
        g.drawString(text, 108 - width / 2f, 126);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
