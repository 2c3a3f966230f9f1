package dev.loupe.rag.ingest;

import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.Heading;
import dev.loupe.rag.document.SkipKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Word documents (.docx) through Apache POI: paragraphs and tables in body order, one paragraph per block
 * separated by blank lines, table rows as {@code cell | cell} lines. Paragraphs styled "Heading N" (or "Title")
 * become headings. The title is the document property, else the first Title-styled paragraph, else the file
 * name.
 */
public final class DocxExtractor implements DocumentExtractor {
    private static final Pattern HEADING_STYLE = Pattern.compile("heading\\s*([1-9])");
    private static final byte[] OLE2_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

    @Override
    public ExtractedDocument extract(byte[] content, String fileName) {
        if (startsWith(content, OLE2_MAGIC)) { // encrypted .docx files are wrapped in an OLE2 container
            throw new ExtractionException(SkipKind.ENCRYPTED, fileName + " is password-protected (or an old .doc"
                    + " file renamed to .docx); save an unprotected .docx copy to index it.");
        }
        try (XWPFDocument docx = new XWPFDocument(new ByteArrayInputStream(content))) {
            StringBuilder text = new StringBuilder();
            List<Heading> headings = new ArrayList<>();
            String firstTitle = null;
            for (IBodyElement element : docx.getBodyElements()) {
                if (element instanceof XWPFParagraph p) {
                    String s = p.getText().strip();
                    if (s.isEmpty()) {
                        continue;
                    }
                    separate(text);
                    int level = headingLevel(docx, p);
                    if (level > 0) {
                        headings.add(new Heading(text.length(), level, s));
                        if (firstTitle == null && level == 1) {
                            firstTitle = s;
                        }
                    }
                    text.append(s);
                } else if (element instanceof XWPFTable table) {
                    separate(text);
                    for (XWPFTableRow row : table.getRows()) {
                        List<String> cells = row.getTableCells().stream().map(c -> c.getText().strip()).toList();
                        text.append(String.join(" | ", cells)).append('\n');
                    }
                }
            }
            String all = text.toString().strip();
            if (all.isEmpty()) {
                throw new ExtractionException(SkipKind.EMPTY, fileName + " contains no text.");
            }
            String title = docx.getProperties().getCoreProperties().getTitle();
            if (title == null || title.isBlank()) {
                title = firstTitle != null ? firstTitle : TextDecoding.stem(fileName);
            }
            return new ExtractedDocument(title, all, headings, List.of());
        } catch (EncryptedDocumentException e) {
            throw new ExtractionException(SkipKind.ENCRYPTED, fileName
                    + " is password-protected; save an unprotected copy to index it.", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ExtractionException ee) {
                throw ee;
            }
            throw new ExtractionException(SkipKind.CORRUPT, fileName
                    + " is not a readable Word document (damaged or not really .docx); re-save it from Word.", e);
        }
    }

    private static int headingLevel(XWPFDocument docx, XWPFParagraph p) {
        String id = p.getStyleID();
        if (id == null) {
            return 0;
        }
        String name = id;
        XWPFStyle style = docx.getStyles() == null ? null : docx.getStyles().getStyle(id);
        if (style != null && style.getName() != null) {
            name = style.getName();
        }
        for (String candidate : List.of(name, id)) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            if (lower.equals("title")) {
                return 1;
            }
            Matcher m = HEADING_STYLE.matcher(lower);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    private static void separate(StringBuilder text) {
        if (!text.isEmpty()) {
            while (text.charAt(text.length() - 1) == '\n') {
                text.setLength(text.length() - 1);
            }
            text.append("\n\n");
        }
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
