package dev.loupe.inference.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How prompts are framed for base models, ChatML vocabularies and models with a chat template of their own. */
class PromptFormatTest {
    @TempDir
    static Path dir;

    static Path smallChatModel;

    /** A tiny random model with SmolLM2's real tokenizer (ChatML markers, no BOS in its post-processor). */
    @BeforeAll
    static void build() throws IOException {
        smallChatModel = SharedModels.randomModelWithSmolTokenizer(dir, """
                {"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":64,"intermediate_size":128,
                 "num_attention_heads":4,"num_key_value_heads":2,"num_hidden_layers":1,"vocab_size":49152,
                 "max_position_embeddings":256,"rms_norm_eps":1e-5,"rope_theta":10000,"tie_word_embeddings":true,
                 "bos_token_id":1,"eos_token_id":2,"hidden_act":"silu"}""", 3);
    }

    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello!"), ChatMessage.user("Bye"));

    @Test
    void baseModelsGetPlainTextWithBos() {
        try (JlamaTextGenerator g = JlamaTextGenerator.load(SharedModels.stories260K())) {
            assertInstanceOf(PlainTemplate.class, g.template());
            int[] ids = g.encode(Prompt.chat(List.of(ChatMessage.user("Once upon a time"))));
            assertArrayEqualsPrefix(g.encode(Prompt.text("Once upon a time")), ids);
            assertEquals(1, ids[0], "SentencePiece models start with BOS");
        }
    }

    @Test
    void chatMlVocabulariesWithoutTemplateUseChatMlAndNoBos() {
        try (JlamaTextGenerator g = JlamaTextGenerator.load(smallChatModel)) {
            assertInstanceOf(ChatMlTemplate.class, g.template());
            String rendered = g.template().render(CONVERSATION, true);
            assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n"
                    + "<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n", rendered);
            int[] ids = g.encode(Prompt.chat(CONVERSATION));
            assertEquals(1, ids[0], "<|im_start|> (id 1) comes from the template, not from an added BOS");
            assertFalse(ids[1] == 1, "no doubled marker");
            int[] plain = g.encode(Prompt.text("Hello"));
            assertFalse(plain[0] == 1, "no BOS before plain text: SmolLM2's tokenizer does not add one");
            assertTrue(g.stopTokens().contains(2), "<|im_end|> ends a turn");
        }
    }

    @Test
    void aChatTemplateOfTheModelIsRenderedWithJinja() throws IOException {
        Path withTemplate = dir.resolve("templated");
        Files.createDirectories(withTemplate);
        try (var files = Files.list(smallChatModel)) {
            for (Path f : files.toList()) {
                Files.copy(f, withTemplate.resolve(f.getFileName()));
            }
        }
        Files.writeString(withTemplate.resolve("tokenizer_config.json"), """
                {"add_bos_token": false, "eos_token": "<|im_end|>", "bos_token": "<|im_start|>",
                 "chat_template": "{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}\\n{% endfor %}{% if add_generation_prompt %}[assistant]:{% endif %}"}""");
        try (JlamaTextGenerator g = JlamaTextGenerator.load(withTemplate)) {
            assertFalse(g.template() instanceof ChatMlTemplate || g.template() instanceof PlainTemplate);
            assertEquals("[system] Be brief.\n[user] Hi\n[assistant] Hello!\n[user] Bye\n[assistant]:", g.template().render(CONVERSATION, true));
        }
    }

    private static void assertArrayEqualsPrefix(int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], "token " + i);
        }
    }
}
