-- The countries each article mentions, with the evidence. One row per (article_id,
-- iso3), kept by staging and checked (article_countries_key_unique); no index, as
-- for articles.
create table if not exists article_countries (
    article_id varchar not null,
    iso3 varchar not null,            -- ISO 3166-1 alpha-3
    mentions integer not null,
    first_offset integer,             -- character offset of the first mention in the body
    in_title boolean not null,
    in_dateline boolean not null,     -- the wire dateline names it (MOSCOW, March 9 -)
    focus boolean not null,           -- the article is about it: title, dateline, lede, or most mentioned
    surface_forms varchar[] not null, -- the words that named it (Biélorussie, biélorusse)
    run_id varchar not null           -- the run that loaded the article
);
