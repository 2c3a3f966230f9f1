package dev.loupe.rag.embed;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Specialises a BERT-style encoder graph (bge-small-en-v1.5 as exported by Optimum and quantized by ONNX Runtime)
 * to the way {@link OnnxBgeEmbedder} runs it: one text per run, never padded, pooled from the [CLS] row. The stock
 * graph spends about a third of its time on work this use does not need (decision 0085):
 * <ul>
 *   <li>each layer's attention is a dozen separate nodes (reshapes and transposes into heads, the scores' matrix
 *       product, scaling, the additive attention mask, softmax, the product with the values, the transpose back);
 *       they are replaced by ONNX Runtime's fused {@code com.microsoft.MultiHeadAttention} operator, without a mask,
 *       since no input is ever padded;</li>
 *   <li>the last layer computes every token's row although only [CLS] is read; it now keeps the keys and values
 *       of all tokens and runs the query, attention, output projection and feed-forward block for [CLS] alone.</li>
 * </ul>
 * The graph output then holds the [CLS] row alone ({@code [batch, 1, hidden]}). The arithmetic is the same up to
 * floating-point order, but the int8 graph quantizes its activations per tensor, so rounding differences can move a
 * value to the next quantization step: vectors differ from the stock graph's by about 1e-3 in cosine (measured on
 * SciFact, where retrieval quality did not change).
 *
 * <p>The model is edited at the protobuf wire level (field numbers from ONNX's {@code onnx.proto}); the weights
 * pass through untouched. A graph that does not have the expected shape is refused with
 * {@link IllegalArgumentException}, so the caller can fall back to the stock graph.
 */
final class SingleTextGraph {

    // Field numbers of onnx.proto's ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto and TypeProto.
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_GRAPH = 7;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_INT = 3;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_TYPE_INT64 = 7;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TYPE_TENSOR_ELEM_TYPE = 1;

    private static final Pattern LAYER = Pattern.compile("^/encoder/layer\\.(\\d+)/");
    private static final String MICROSOFT_DOMAIN = "com.microsoft";
    private static final String SLICE_STARTS = "loupe/cls/starts";
    private static final String SLICE_ENDS = "loupe/cls/ends";
    private static final String SLICE_AXES = "loupe/cls/axes";

    private SingleTextGraph() {
    }

    /**
     * Returns the specialised model.
     *
     * @param model the serialized ONNX model
     * @param maskInput name of the graph input that carries the attention mask, left unread
     * @param heads the model's number of attention heads
     * @throws IllegalArgumentException when the bytes are not an ONNX model of the expected shape
     */
    static byte[] specialize(byte[] model, String maskInput, int heads) {
        try {
            UnknownFieldSet modelFields = UnknownFieldSet.parseFrom(model);
            List<ByteString> graphs = modelFields.getField(MODEL_GRAPH).getLengthDelimitedList();
            if (graphs.size() != 1) {
                throw new IllegalArgumentException("The model has no graph.");
            }
            UnknownFieldSet graph = UnknownFieldSet.parseFrom(graphs.getFirst());
            if (!names(graph, GRAPH_INPUT).contains(maskInput)) {
                throw new IllegalArgumentException("The graph has no input named " + maskInput + ".");
            }
            List<Node> nodes = new ArrayList<>();
            for (ByteString bytes : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
                nodes.add(Node.parse(bytes));
            }

            List<Integer> layers = layers(nodes);
            nodes = lastLayerForFirstRow(nodes, layers.getLast());
            nodes = withFusedAttention(nodes, layers, heads);
            nodes = withoutDeadNodes(nodes, names(graph, GRAPH_OUTPUT));
            if (nodes.stream().anyMatch(node -> node.inputs().contains(maskInput))) {
                throw new IllegalArgumentException("The mask is still read outside the attention.");
            }

            UnknownFieldSet.Builder rebuilt = modelFields.toBuilder()
                    .clearField(MODEL_GRAPH)
                    .addField(MODEL_GRAPH, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(withNodes(graph, nodes).toByteString()).build());
            if (!importsMicrosoftOperators(modelFields)) {
                rebuilt.mergeField(MODEL_OPSET_IMPORT, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(UnknownFieldSet.newBuilder()
                                .addField(OPSET_DOMAIN, stringsField(List.of(MICROSOFT_DOMAIN)))
                                .addField(OPSET_VERSION, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                                .build().toByteString())
                        .build());
            }
            return rebuilt.build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("The model is not a readable ONNX file: " + e.getMessage(), e);
        }
    }

    /**
     * {@code graph} with {@code nodes}, the slices' constants, outputs without their stale shapes and no stored
     * shapes of intermediate values (ONNX Runtime infers them again).
     */
    private static UnknownFieldSet withNodes(UnknownFieldSet graph, List<Node> nodes)
            throws InvalidProtocolBufferException {
        UnknownFieldSet.Field.Builder nodeField = UnknownFieldSet.Field.newBuilder();
        nodes.forEach(node -> nodeField.addLengthDelimited(node.fields().toByteString()));
        UnknownFieldSet.Field.Builder outputField = UnknownFieldSet.Field.newBuilder();
        for (ByteString output : graph.getField(GRAPH_OUTPUT).getLengthDelimitedList()) {
            outputField.addLengthDelimited(withoutShape(UnknownFieldSet.parseFrom(output)).toByteString());
        }
        return graph.toBuilder()
                .clearField(GRAPH_NODE)
                .clearField(GRAPH_OUTPUT)
                .clearField(GRAPH_VALUE_INFO)
                .addField(GRAPH_NODE, nodeField.build())
                .addField(GRAPH_OUTPUT, outputField.build())
                .mergeField(GRAPH_INITIALIZER, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(int64Scalar(SLICE_STARTS, 0))
                        .addLengthDelimited(int64Scalar(SLICE_ENDS, 1))
                        .addLengthDelimited(int64Scalar(SLICE_AXES, 1))
                        .build())
                .build();
    }

    /** Layer numbers, from node names such as {@code /encoder/layer.3/...}, in order. */
    private static List<Integer> layers(List<Node> nodes) {
        Set<Integer> layers = new TreeSet<>();
        for (Node node : nodes) {
            Matcher m = LAYER.matcher(node.name());
            if (m.find()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("The graph has no encoder layers.");
        }
        return List.copyOf(layers);
    }

    /**
     * Computes each layer's attention with one MultiHeadAttention node reading the query, key and value
     * projections (bias included) and feeding what read the heads' merged output. The nodes it replaces are left
     * unread and removed afterwards.
     */
    private static List<Node> withFusedAttention(List<Node> nodes, List<Integer> layers, int heads) {
        Map<Node, Node> after = new HashMap<>();
        Map<String, String> replaced = new HashMap<>();
        for (int layer : layers) {
            String prefix = "/encoder/layer." + layer + "/attention/self/";
            Node query = single(nodes, prefix + "query/Add", "Add");
            Node key = single(nodes, prefix + "key/Add", "Add");
            Node value = single(nodes, prefix + "value/Add", "Add");
            Node merged = single(nodes, prefix + "Reshape_3", "Reshape");
            String output = "loupe/attention/" + layer;
            Node attention = Node.multiHeadAttention("loupe/attention/" + layer, query.outputs().getFirst(),
                    key.outputs().getFirst(), value.outputs().getFirst(), output, heads);
            Node last = Stream.of(query, key, value).max(Comparator.comparingInt(nodes::indexOf)).orElseThrow();
            after.put(last, attention);
            replaced.put(merged.outputs().getFirst(), output);
        }
        List<Node> out = new ArrayList<>(nodes.size() + layers.size());
        for (Node node : nodes) {
            out.add(node.renamingInputs(replaced));
            if (after.containsKey(node)) {
                out.add(after.get(node));
            }
        }
        return out;
    }

    /**
     * Feeds the last layer's query projection and its first residual connection with the [CLS] row only, so
     * the attention, the output projection, the layer norms and the feed-forward block of that layer run on one
     * row. The query projection reads the row of the already quantized input, so it keeps the stock scale.
     */
    private static List<Node> lastLayerForFirstRow(List<Node> nodes, int last) {
        String prefix = "/encoder/layer." + last + "/";
        Node query = single(nodes, prefix + "attention/self/query/MatMul_quant", "MatMulInteger");
        Node residual = single(nodes, prefix + "attention/output/Add", "Add");
        String quantizedInput = query.inputs().getFirst();
        Node quantize = nodes.stream()
                .filter(node -> node.outputs().contains(quantizedInput))
                .findFirst()
                .filter(node -> node.opType().equals("DynamicQuantizeLinear"))
                .orElseThrow(() -> new IllegalArgumentException("The last layer's query projection does not read"
                        + " a dynamically quantized input."));
        String layerInput = quantize.inputs().getFirst();
        if (!residual.inputs().contains(layerInput)) {
            throw new IllegalArgumentException("The last layer's residual connection does not read its input.");
        }

        String firstQuantizedRow = "loupe/cls/query_input";
        String firstRow = "loupe/cls/residual_input";
        List<Node> out = new ArrayList<>(nodes.size() + 2);
        for (Node node : nodes) {
            if (node == query) {
                out.add(Node.slice("loupe/cls/slice_query_input", quantizedInput, firstQuantizedRow));
                out.add(node.renamingInputs(Map.of(quantizedInput, firstQuantizedRow)));
            } else if (node == residual) {
                out.add(Node.slice("loupe/cls/slice_residual_input", layerInput, firstRow));
                out.add(node.renamingInputs(Map.of(layerInput, firstRow)));
            } else {
                out.add(node);
            }
        }
        return out;
    }

    /** Drops nodes none of whose outputs is read, repeatedly: the attention nodes replaced, the mask's arithmetic. */
    private static List<Node> withoutDeadNodes(List<Node> nodes, Set<String> graphOutputs) {
        List<Node> live = nodes;
        while (true) {
            Map<String, List<Node>> consumers = consumers(live);
            List<Node> next = live.stream()
                    .filter(node -> node.outputs().stream()
                            .anyMatch(out -> graphOutputs.contains(out) || consumers.containsKey(out)))
                    .toList();
            if (next.size() == live.size()) {
                return next;
            }
            live = next;
        }
    }

    private static Node single(List<Node> nodes, String name, String opType) {
        List<Node> found = nodes.stream().filter(node -> node.name().equals(name) && node.opType().equals(opType))
                .toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("Expected one " + opType + " node named " + name + ", found "
                    + found.size() + ".");
        }
        return found.getFirst();
    }

    private static Map<String, List<Node>> consumers(List<Node> nodes) {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node node : nodes) {
            for (String input : node.inputs()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        return consumers;
    }

    private static boolean importsMicrosoftOperators(UnknownFieldSet model) throws InvalidProtocolBufferException {
        for (ByteString opset : model.getField(MODEL_OPSET_IMPORT).getLengthDelimitedList()) {
            List<ByteString> domain = UnknownFieldSet.parseFrom(opset).getField(OPSET_DOMAIN).getLengthDelimitedList();
            if (!domain.isEmpty() && domain.getFirst().toStringUtf8().equals(MICROSOFT_DOMAIN)) {
                return true;
            }
        }
        return false;
    }

    /** Names of the graph's inputs or outputs ({@code field} = GRAPH_INPUT or GRAPH_OUTPUT). */
    private static Set<String> names(UnknownFieldSet graph, int field) throws InvalidProtocolBufferException {
        Set<String> names = new HashSet<>();
        for (ByteString valueInfo : graph.getField(field).getLengthDelimitedList()) {
            names.add(UnknownFieldSet.parseFrom(valueInfo).getField(VALUE_INFO_NAME).getLengthDelimitedList()
                    .getFirst().toStringUtf8());
        }
        return names;
    }

    /** The output keeps its name and element type; its sequence axis is now 1 long, so the shape is left out. */
    private static UnknownFieldSet withoutShape(UnknownFieldSet valueInfo) throws InvalidProtocolBufferException {
        UnknownFieldSet type = UnknownFieldSet.parseFrom(valueInfo.getField(VALUE_INFO_TYPE).getLengthDelimitedList()
                .getFirst());
        UnknownFieldSet tensor = UnknownFieldSet.parseFrom(type.getField(TYPE_TENSOR).getLengthDelimitedList()
                .getFirst());
        UnknownFieldSet elementOnly = UnknownFieldSet.newBuilder()
                .addField(TYPE_TENSOR_ELEM_TYPE, tensor.getField(TYPE_TENSOR_ELEM_TYPE))
                .build();
        UnknownFieldSet newType = UnknownFieldSet.newBuilder()
                .addField(TYPE_TENSOR, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(elementOnly.toByteString()).build())
                .build();
        return valueInfo.toBuilder()
                .clearField(VALUE_INFO_TYPE)
                .addField(VALUE_INFO_TYPE, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(newType.toByteString()).build())
                .build();
    }

    private static UnknownFieldSet.Field stringsField(List<String> values) {
        UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
        values.forEach(value -> field.addLengthDelimited(ByteString.copyFromUtf8(value)));
        return field.build();
    }

    private static ByteString int64Scalar(String name, long value) {
        byte[] raw = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        return UnknownFieldSet.newBuilder()
                .addField(TENSOR_DIMS, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .addField(TENSOR_DATA_TYPE, UnknownFieldSet.Field.newBuilder().addVarint(TENSOR_TYPE_INT64).build())
                .addField(TENSOR_NAME, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8(name)).build())
                .addField(TENSOR_RAW_DATA, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFrom(raw)).build())
                .build()
                .toByteString();
    }

    /** One NodeProto: its wire fields plus the parts this rewrite reads. */
    private record Node(UnknownFieldSet fields, String name, String opType, List<String> inputs,
            List<String> outputs) {

        static Node parse(ByteString bytes) throws InvalidProtocolBufferException {
            UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytes);
            return new Node(fields, string(fields, NODE_NAME), string(fields, NODE_OP_TYPE),
                    strings(fields, NODE_INPUT), strings(fields, NODE_OUTPUT));
        }

        /** {@code Slice(input, [0], [1], axes=[1])}: the first row of a [batch, tokens, hidden] tensor. */
        static Node slice(String name, String input, String output) {
            UnknownFieldSet fields = UnknownFieldSet.newBuilder()
                    .addField(NODE_INPUT, stringsField(List.of(input, SLICE_STARTS, SLICE_ENDS, SLICE_AXES)))
                    .addField(NODE_OUTPUT, stringsField(List.of(output)))
                    .addField(NODE_NAME, stringsField(List.of(name)))
                    .addField(NODE_OP_TYPE, stringsField(List.of("Slice")))
                    .build();
            return new Node(fields, name, "Slice", List.of(input, SLICE_STARTS, SLICE_ENDS, SLICE_AXES),
                    List.of(output));
        }

        /** ONNX Runtime's {@code com.microsoft.MultiHeadAttention} over [batch, tokens, hidden] inputs, no mask. */
        static Node multiHeadAttention(String name, String query, String key, String value, String output,
                int heads) {
            UnknownFieldSet numHeads = UnknownFieldSet.newBuilder()
                    .addField(ATTRIBUTE_NAME, stringsField(List.of("num_heads")))
                    .addField(ATTRIBUTE_INT, UnknownFieldSet.Field.newBuilder().addVarint(heads).build())
                    .addField(ATTRIBUTE_TYPE, UnknownFieldSet.Field.newBuilder().addVarint(ATTRIBUTE_TYPE_INT).build())
                    .build();
            List<String> inputs = List.of(query, key, value);
            UnknownFieldSet fields = UnknownFieldSet.newBuilder()
                    .addField(NODE_INPUT, stringsField(inputs))
                    .addField(NODE_OUTPUT, stringsField(List.of(output)))
                    .addField(NODE_NAME, stringsField(List.of(name)))
                    .addField(NODE_OP_TYPE, stringsField(List.of("MultiHeadAttention")))
                    .addField(NODE_ATTRIBUTE, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(numHeads.toByteString()).build())
                    .addField(NODE_DOMAIN, stringsField(List.of(MICROSOFT_DOMAIN)))
                    .build();
            return new Node(fields, name, "MultiHeadAttention", inputs, List.of(output));
        }

        Node renamingInputs(Map<String, String> renames) {
            if (inputs.stream().noneMatch(renames::containsKey)) {
                return this;
            }
            List<String> renamed = inputs.stream().map(input -> renames.getOrDefault(input, input)).toList();
            UnknownFieldSet rebuilt = fields.toBuilder()
                    .clearField(NODE_INPUT)
                    .addField(NODE_INPUT, stringsField(renamed))
                    .build();
            return new Node(rebuilt, name, opType, renamed, outputs);
        }

        private static String string(UnknownFieldSet fields, int number) {
            List<ByteString> values = fields.getField(number).getLengthDelimitedList();
            return values.isEmpty() ? "" : values.getLast().toStringUtf8();
        }

        private static List<String> strings(UnknownFieldSet fields, int number) {
            return fields.getField(number).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();
        }

    }
}
