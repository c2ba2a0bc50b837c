-- The story keys of every loaded article (tasks/enrich/stories.py): its exact-copy key
-- (band -1) and its MinHash band keys, so a new article can find the story of an
-- earlier copy. Writer state only: not published.
create table if not exists article_bands (
    article_id varchar not null,
    band tinyint not null,            -- -1: exact copy key; 0-15: MinHash bands
    band_key ubigint not null
);
