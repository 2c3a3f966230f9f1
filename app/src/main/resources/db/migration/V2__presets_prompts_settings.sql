-- Named things the user keeps: sampler presets, system prompts, and the app's own settings.
-- Names are unique ignoring case, so "Precise" and "precise" cannot both exist.

CREATE TABLE preset (
    name          CHARACTER VARYING(200) PRIMARY KEY,
    name_key      CHARACTER VARYING(200) GENERATED ALWAYS AS (LOWER(name)) UNIQUE,
    description   CHARACTER VARYING NOT NULL,
    settings_json CHARACTER VARYING NOT NULL,
    -- Built-in presets ship with Loupe and are rewritten from the shipped files at every start; the user
    -- cannot change them, only copy them.
    builtin       BOOLEAN NOT NULL,
    -- Shipped order of the built-ins; NULL for the user's own, which sort by name after them.
    builtin_order INTEGER,
    updated_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

CREATE TABLE system_prompt (
    name       CHARACTER VARYING(200) PRIMARY KEY,
    name_key   CHARACTER VARYING(200) GENERATED ALWAYS AS (LOWER(name)) UNIQUE,
    text       CHARACTER VARYING NOT NULL,
    updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- Typed key/value settings; each value is JSON written by its key's codec.
CREATE TABLE app_setting (
    setting_key CHARACTER VARYING(200) PRIMARY KEY,
    value_json  CHARACTER VARYING NOT NULL,
    updated_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
