package dev.loupe.rag.ingest;

import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.Heading;
import dev.loupe.rag.document.SkipKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF through Apache PDFBox, page by page: the text of each page in reading order, pages separated by a blank
 * line, so every chunk knows its page. Bookmarks (the outline) become headings at the start of their page. The
 * title is the document's metadata title, else the file name.
 */
public final class PdfExtractor implements DocumentExtractor {

    @Override
    public ExtractedDocument extract(byte[] content, String fileName) {
        try (PDDocument pdf = Loader.loadPDF(content)) {
            if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
                throw new ExtractionException(SkipKind.ENCRYPTED, fileName
                        + " forbids copying its text; ask its author for an unrestricted copy.");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            StringBuilder text = new StringBuilder();
            List<Integer> pageStarts = new ArrayList<>();
            int pages = pdf.getNumberOfPages();
            for (int page = 1; page <= pages; page++) {
                if (page > 1) {
                    text.append("\n\n");
                }
                pageStarts.add(text.length());
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                text.append(stripper.getText(pdf).strip());
            }
            String all = text.toString();
            if (all.isBlank()) {
                throw new ExtractionException(SkipKind.EMPTY, fileName
                        + " has no text layer (probably scanned images); run it through OCR first.");
            }
            String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            if (title == null || title.isBlank()) {
                title = TextDecoding.stem(fileName);
            }
            return new ExtractedDocument(title, all, outline(pdf, pageStarts), pageStarts);
        } catch (InvalidPasswordException e) {
            throw new ExtractionException(SkipKind.ENCRYPTED, fileName
                    + " is password-protected; save an unprotected copy to index it.", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ExtractionException ee) {
                throw ee;
            }
            throw new ExtractionException(SkipKind.CORRUPT, fileName
                    + " is not a readable PDF (damaged or not really a PDF); re-export or re-download it.", e);
        }
    }

    /** Bookmarks whose target page is known, as headings at that page's start, in page order. */
    private static List<Heading> outline(PDDocument pdf, List<Integer> pageStarts) {
        List<Heading> headings = new ArrayList<>();
        if (pdf.getDocumentCatalog().getDocumentOutline() == null) {
            return headings;
        }
        collect(pdf, pdf.getDocumentCatalog().getDocumentOutline(), 1, pageStarts, headings);
        headings.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return headings;
    }

    private static void collect(PDDocument pdf, PDOutlineNode node, int level, List<Integer> pageStarts,
            List<Heading> out) {
        for (PDOutlineItem item : node.children()) {
            try {
                PDPage page = item.findDestinationPage(pdf);
                int index = page == null ? -1 : pdf.getPages().indexOf(page);
                if (index >= 0 && index < pageStarts.size() && item.getTitle() != null) {
                    out.add(new Heading(pageStarts.get(index), level, item.getTitle()));
                }
            } catch (IOException e) {
                // A broken bookmark loses its heading; the page text is still indexed.
            }
            collect(pdf, item, level + 1, pageStarts, out);
        }
    }
}
