package io.theeye.schema;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.theeye.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Names what a validator's problem is about the way every other error of the API does (see {@link FieldPath}). */
final class SchemaPaths {

    /**
     * Keywords whose problem is about a property of the object at the location rather than the object itself: the
     * path names that property ({@code data.host: required property 'host' not found}).
     */
    private static final Set<String> ABOUT_A_PROPERTY =
            Set.of("required", "additionalProperties", "unevaluatedProperties", "dependentRequired", "dependencies");

    private SchemaPaths() {}

    /**
     * @param root the name of the document validated: {@code data}, or {@code schema} for a schema's own problems
     */
    static String of(String root, Error problem) {
        List<Object> segments = new ArrayList<>();
        segments.add(root);
        NodePath location = problem.getInstanceLocation();
        if (location != null) {
            for (int i = 0; i < location.getNameCount(); i++) {
                Object element = location.getElement(i);
                segments.add(element instanceof Integer index ? index : String.valueOf(element));
            }
        }
        if (problem.getProperty() != null && ABOUT_A_PROPERTY.contains(problem.getKeyword())) {
            segments.add(problem.getProperty());
        }
        return FieldPath.render(segments);
    }
}
