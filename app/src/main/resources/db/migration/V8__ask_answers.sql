-- What an Ask answer (a chat reply grounded in document collections) was made from: the question and settings,
-- every retrieved passage with its file, page, offsets and scores, how many of them were numbered in the prompt,
-- and the prompt itself, as one JSON document per reply. Read with the reply to list its sources after a restart.

CREATE TABLE ask_answer (
    message_id  BIGINT PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,
    record_json CHARACTER VARYING NOT NULL
);
