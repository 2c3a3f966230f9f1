import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws Loupe's icon (a magnifier over "Aa" on a navy tile) as a PNG, so the icon has a readable source and the
 * packaging build needs no image tools: {@code java packaging/icons/LoupeIcon.java OUT.png [SIZE]}.
 */
public class LoupeIcon {
    public static void main(String[] args) throws Exception {
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
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
        ImageIO.write(image, "png", new File(args[0]));
    }
}
