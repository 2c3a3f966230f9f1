package dev.loupe.inference.constrain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Checks output with libraries that know nothing of the constraint: a strict JSON parser and a schema validator. */
final class JsonChecks {
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonSchema schema;

    JsonChecks(String schemaJson) {
        try {
            this.schema = FACTORY.getSchema(STRICT.readTree(schemaJson));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Why {@code document} is not a valid instance: empty when it parses and validates. */
    List<String> problems(String document) {
        JsonNode node;
        try {
            node = STRICT.readTree(document);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (node == null) {
            return List.of("empty document");
        }
        return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
    }

    List<String> problems(byte[] document) {
        try {
            return problems(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(document)).toString());
        } catch (CharacterCodingException e) {
            return List.of("not UTF-8: " + e);
        }
    }
}
