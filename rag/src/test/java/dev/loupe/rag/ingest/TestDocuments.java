package dev.loupe.rag.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/** Writes small PDF and DOCX files for tests with the same libraries that read them. */
public final class TestDocuments {
    private TestDocuments() {}

    /** A PDF with one page per entry; each page holds that entry's lines. */
    public static byte[] pdf(String title, List<List<String>> pages) throws IOException {
        return pdf(title, pages, null);
    }

    /** A PDF protected by {@code userPassword} (opening it needs the password), when not null. */
    public static byte[] pdf(String title, List<List<String>> pages, String userPassword) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.setLeading(16);
                    content.newLineAtOffset(72, 700);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            if (title != null) {
                doc.getDocumentInformation().setTitle(title);
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword,
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A .docx: lines starting with "# " or "## " become Heading1/Heading2 paragraphs; a table closes it. */
    public static byte[] docx(List<String> paragraphs, List<List<String>> tableRows) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            for (String p : paragraphs) {
                XWPFParagraph paragraph = doc.createParagraph();
                if (p.startsWith("## ")) {
                    paragraph.setStyle("Heading2");
                    p = p.substring(3);
                } else if (p.startsWith("# ")) {
                    paragraph.setStyle("Heading1");
                    p = p.substring(2);
                }
                paragraph.createRun().setText(p);
            }
            if (!tableRows.isEmpty()) {
                XWPFTable table = doc.createTable(tableRows.size(), tableRows.getFirst().size());
                for (int r = 0; r < tableRows.size(); r++) {
                    for (int c = 0; c < tableRows.get(r).size(); c++) {
                        table.getRow(r).getCell(c).setText(tableRows.get(r).get(c));
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.write(out);
            return out.toByteArray();
        }
    }
}
