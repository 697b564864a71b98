"""The database side of search, per vendor.

PostgreSQL: the unaccent and pg_trgm extensions; an accent-free configuration
(``academy_unaccent``); ``polish`` and ``ukrainian`` configurations on Debian's hunspell
dictionaries (hunspell-pl, hunspell-uk; files pl_pl.* and uk_ua.* under the server's
tsearch_data) — where the server lacks them the two configurations are created on
``simple`` instead and the system check ``search.W001`` says so; a ``vector`` column kept by
a trigger with a GIN index, and ``head`` (title, summary, keywords) for ranking; a word list with a trigram index for typo correction.

SQLite: an FTS5 table mirroring the entries (unicode61, diacritics removed, prefix
indexes), kept by triggers.
"""

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION search_entry_vector() RETURNS trigger AS $$
DECLARE
    cfg regconfig;
    meta text;
BEGIN
    cfg := (CASE NEW.language WHEN 'pl' THEN 'polish' WHEN 'uk' THEN 'ukrainian'
            WHEN 'en' THEN 'english' ELSE 'simple' END)::regconfig;
    meta := coalesce(NEW.summary, '') || ' ' || coalesce(NEW.keywords, '');
    NEW.head :=
        setweight(to_tsvector(cfg, NEW.title), 'A')
        || setweight(to_tsvector('academy_unaccent', NEW.title), 'A')
        || setweight(to_tsvector(cfg, meta), 'B')
        || setweight(to_tsvector('academy_unaccent', meta), 'B');
    NEW.vector := NEW.head
        || setweight(to_tsvector(cfg, coalesce(NEW.body, '')), 'C')
        || setweight(to_tsvector('academy_unaccent', coalesce(NEW.body, '')), 'C');
    INSERT INTO search_lexicon (word)
        SELECT word FROM unnest(tsvector_to_array(to_tsvector('academy_unaccent', NEW.title || ' ' || meta))) AS word
        WHERE length(word) >= 4
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

LANGUAGE_CONFIGS = (("polish", "pl_pl"), ("ukrainian", "uk_ua"))
MAPPED = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def _config_exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
    return cursor.fetchone() is not None


def _dictionary_exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [name])
    return cursor.fetchone() is not None


def _postgres(cursor, connection):
    cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    if not _config_exists(cursor, "academy_unaccent"):
        cursor.execute("CREATE TEXT SEARCH CONFIGURATION academy_unaccent (COPY = simple)")
        cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION academy_unaccent ALTER MAPPING FOR {MAPPED} WITH unaccent, simple")
    for config, files in LANGUAGE_CONFIGS:
        dictionary = f"{config}_hunspell"
        if not _dictionary_exists(cursor, dictionary):
            # The files live on the database server; trying is the only portable check.
            cursor.execute("SAVEPOINT search_dictionary")
            try:
                cursor.execute(
                    f"CREATE TEXT SEARCH DICTIONARY {dictionary} (TEMPLATE = ispell, DictFile = {files}, AffFile = {files})"
                )
                cursor.execute("RELEASE SAVEPOINT search_dictionary")
            except Exception:  # noqa: BLE001 - missing dictionary files: fall back to simple
                cursor.execute("ROLLBACK TO SAVEPOINT search_dictionary")
        if not _config_exists(cursor, config):
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = simple)")
            if _dictionary_exists(cursor, dictionary):
                cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR {MAPPED} WITH {dictionary}, simple")
    cursor.execute("CREATE TABLE IF NOT EXISTS search_lexicon (word text PRIMARY KEY)")
    cursor.execute("CREATE INDEX IF NOT EXISTS search_lexicon_trgm ON search_lexicon USING gin (word gin_trgm_ops)")
    cursor.execute("ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS vector tsvector")
    # Title, summary and keywords only: ranking reads this small vector, never the body's.
    cursor.execute("ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS head tsvector")
    cursor.execute("CREATE INDEX IF NOT EXISTS search_entry_vector ON search_searchentry USING gin (vector)")
    cursor.execute(PG_FUNCTION)
    cursor.execute("DROP TRIGGER IF EXISTS search_entry_vector ON search_searchentry")
    cursor.execute(
        "CREATE TRIGGER search_entry_vector BEFORE INSERT OR UPDATE ON search_searchentry "
        "FOR EACH ROW EXECUTE FUNCTION search_entry_vector()"
    )


def _fold(column):
    # unicode61 removes diacritics that Unicode decomposes; "ł" has no decomposition, so
    # fold it here (same length: highlight offsets stay right) and in the query.
    return f"replace(replace({column}, 'ł', 'l'), 'Ł', 'L')"


def _values(row):
    return ", ".join(_fold(f"{row}.{column}") for column in ("title", "summary", "keywords", "body"))


SQLITE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, summary, keywords, body, content='search_searchentry', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2", prefix='2 3 4')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, summary, keywords, body) VALUES (new.id, {_values("new")}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, keywords, body)
        VALUES ('delete', old.id, {_values("old")}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, keywords, body)
        VALUES ('delete', old.id, {_values("old")});
        INSERT INTO search_fts(rowid, title, summary, keywords, body) VALUES (new.id, {_values("new")}); END""",
]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _postgres(cursor, connection)
        elif connection.vendor == "sqlite":
            for statement in SQLITE:
                cursor.execute(statement)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS search_entry_vector ON search_searchentry")
            cursor.execute("DROP FUNCTION IF EXISTS search_entry_vector()")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS head")
            cursor.execute("DROP TABLE IF EXISTS search_lexicon")
        elif connection.vendor == "sqlite":
            for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
