package dev.loupe.rag.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.document.Heading;
import dev.loupe.rag.document.SkipKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractorsTest {
    private final FileTypeExtractor extractor = new FileTypeExtractor();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pdfIsReadPageByPageWithPageOffsets() throws Exception {
        byte[] pdf = TestDocuments.pdf("Field Notes", List.of(
                List.of("Otters hold hands while sleeping.", "They float on their backs."),
                List.of("Beavers build dams from branches.")));
        ExtractedDocument doc = extractor.extract(FileType.PDF, pdf, "notes.pdf");
        assertEquals("Field Notes", doc.title());
        assertEquals(2, doc.pageStarts().size());
        int beavers = doc.text().indexOf("Beavers");
        assertTrue(doc.text().indexOf("Otters") >= 0 && beavers > 0, doc.text());
        assertEquals(1, doc.pageAt(doc.text().indexOf("Otters")));
        assertEquals(2, doc.pageAt(beavers));
        assertEquals(beavers, (int) doc.pageStarts().get(1));
    }

    @Test
    void pdfWithAUserPasswordIsReportedAsEncrypted() throws Exception {
        byte[] pdf = TestDocuments.pdf("Secret", List.of(List.of("hidden words")), "letmein");
        ExtractionException e = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.PDF, pdf, "secret.pdf"));
        assertEquals(SkipKind.ENCRYPTED, e.kind());
        assertTrue(e.getMessage().startsWith("secret.pdf is password-protected"), e.getMessage());
    }

    @Test
    void truncatedPdfIsReportedAsCorrupt() throws Exception {
        byte[] pdf = TestDocuments.pdf("x", List.of(List.of("some text")));
        byte[] broken = java.util.Arrays.copyOf(pdf, 40);
        ExtractionException e = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.PDF, broken, "broken.pdf"));
        assertEquals(SkipKind.CORRUPT, e.kind());
        ExtractionException notPdf = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.PDF, utf8("just some words, no PDF here"), "fake.pdf"));
        assertEquals(SkipKind.CORRUPT, notPdf.kind());
    }

    @Test
    void pdfWithoutTextIsReportedAsEmpty() throws Exception {
        byte[] pdf = TestDocuments.pdf(null, List.of(List.of()));
        ExtractionException e = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.PDF, pdf, "scan.pdf"));
        assertEquals(SkipKind.EMPTY, e.kind());
    }

    @Test
    void docxHeadingsParagraphsAndTablesAreExtracted() throws Exception {
        byte[] docx = TestDocuments.docx(List.of("# Report", "Intro paragraph.", "## Results",
                "The yield doubled."), List.of(List.of("crop", "yield"), List.of("wheat", "4.2")));
        ExtractedDocument doc = extractor.extract(FileType.DOCX, docx, "report.docx");
        assertEquals("Report", doc.title());
        assertEquals(List.of("Report", "Results"), doc.headings().stream().map(Heading::title).toList());
        assertEquals(List.of(1, 2), doc.headings().stream().map(Heading::level).toList());
        assertTrue(doc.text().contains("wheat | 4.2"), doc.text());
        assertEquals(List.of("Report", "Results"), doc.headingPathAt(doc.text().indexOf("The yield")));
        assertTrue(doc.text().contains("Intro paragraph.\n\n"));
    }

    @Test
    void docxThatIsNotAZipIsCorruptAndAnOle2ContainerIsEncrypted() {
        ExtractionException corrupt = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.DOCX, utf8("not a word file"), "a.docx"));
        assertEquals(SkipKind.CORRUPT, corrupt.kind());
        byte[] ole2 = new byte[512];
        System.arraycopy(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}, 0, ole2, 0, 4);
        ExtractionException encrypted = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.DOCX, ole2, "b.docx"));
        assertEquals(SkipKind.ENCRYPTED, encrypted.kind());
    }

    @Test
    void htmlKeepsVisibleTextParagraphsAndHeadings() {
        String html = "<html><head><title>Trail Guide</title><style>p{color:red}</style></head><body>"
                + "<script>var hidden = 1;</script><h1>Trails</h1><p>The <b>north</b> trail is steep.</p>"
                + "<h2>Water</h2><p>Fill   bottles\n at the spring.</p><ul><li>Map</li><li>Hat</li></ul></body></html>";
        ExtractedDocument doc = extractor.extract(FileType.HTML, utf8(html), "guide.html");
        assertEquals("Trail Guide", doc.title());
        assertFalse(doc.text().contains("hidden") || doc.text().contains("color"), doc.text());
        assertTrue(doc.text().contains("The north trail is steep.\n\n"), doc.text());
        assertTrue(doc.text().contains("Fill bottles at the spring."), doc.text());
        assertEquals(List.of("Trails", "Water"), doc.headingPathAt(doc.text().indexOf("Fill")));
        assertEquals("Water", doc.text().substring(doc.headings().get(1).offset()).lines().findFirst().orElseThrow());
    }

    @Test
    void markdownHeadingsOutsideCodeFencesAreFound() {
        String md = "Intro line\n\n# Title\n\ntext\n\n```\n# not a heading\n```\n\nSetext Heading\n---\n\n### Deep ###\n";
        ExtractedDocument doc = extractor.extract(FileType.MARKDOWN, utf8(md), "x.md");
        assertEquals(md, doc.text(), "markdown must be kept verbatim so offsets are file offsets");
        assertEquals(List.of("Title", "Setext Heading", "Deep"), doc.headings().stream().map(Heading::title).toList());
        assertEquals(List.of(1, 2, 3), doc.headings().stream().map(Heading::level).toList());
        assertEquals("Title", doc.title());
    }

    @Test
    void binaryContentUnderATextExtensionIsRefused() {
        byte[] binary = {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3, 0, 0, 0};
        ExtractionException e = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.TEXT, binary, "program.txt"));
        assertEquals(SkipKind.BINARY, e.kind());
        assertTrue(e.getMessage().contains("program.txt holds binary data"));
    }

    @Test
    void latin1TextIsDecodedAndUtf8BomDropped() {
        byte[] latin1 = "café au lait".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("café au lait", extractor.extract(FileType.TEXT, latin1, "a.txt").text());
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'};
        assertEquals("hi", extractor.extract(FileType.TEXT, bom, "b.txt").text());
    }

    @Test
    void emptyFilesAreReportedAsEmpty() {
        ExtractionException e = assertThrows(ExtractionException.class,
                () -> extractor.extract(FileType.TEXT, new byte[0], "e.txt"));
        assertEquals(SkipKind.EMPTY, e.kind());
    }
}
