package dev.loupe.rag.index;

import dev.loupe.rag.document.FileType;
import java.util.Set;

/**
 * Restricts a search; an empty set means no restriction on that attribute.
 *
 * @param collections only chunks of these collections
 * @param fileTypes only chunks of files of these types
 */
public record SearchFilter(Set<String> collections, Set<FileType> fileTypes) {
    public SearchFilter {
        collections = Set.copyOf(collections);
        fileTypes = Set.copyOf(fileTypes);
    }

    public static SearchFilter none() {
        return new SearchFilter(Set.of(), Set.of());
    }

    public static SearchFilter collection(String name) {
        return new SearchFilter(Set.of(name), Set.of());
    }
}
