-- Pairs of articles that are the same story, for each article this run loads: it is
-- an exact copy of the other (same normalized body), or they share at least
-- $min_shared_bands MinHash band keys (tasks/enrich/stories.py). The other article
-- is new or already loaded.
-- Exact copies link to one representative of their key (a loaded article first), not
-- to every copy: a text copied ten thousand times gives as many links, not 10^8.
-- Band buckets holding more than 100 articles are templates or boilerplate, not one
-- story: they are left out (exact copies are still linked by their exact key).
-- Only keys that at least two articles hold can link anything: they are found first
-- (one pass over the run's keys), and every later step reads only their holders, a
-- tenth of the keys or less.
with known_bands as (
    -- Only the keys this run's articles have: a daily run looks up its own keys in
    -- the archive's instead of grouping all of them.
    select
        article_bands.article_id,
        article_bands.band,
        article_bands.band_key
    from article_bands
    semi join stg_new_story_bands using (band, band_key)
),

all_bands as not materialized (
    select article_id, band, band_key, false as loaded from stg_new_story_bands
    union all
    select article_id, band, band_key, true as loaded from known_bands
),

shared_keys as (
    select band, band_key, count(*) as holders
    from all_bands
    group by band, band_key
    having count(*) >= 2
),

holders as (
    select all_bands.*
    from all_bands
    semi join shared_keys using (band, band_key)
),

exact_representatives as (
    select
        band_key,
        arg_min(article_id, (not loaded, article_id)) as other_id
    from holders
    where band = -1
    group by band_key
),

exact_links as (
    select
        holders.article_id,
        exact_representatives.other_id,
        0 as shared,
        true as exact
    from holders
    inner join exact_representatives using (band_key)
    where holders.band = -1
      and not holders.loaded
      and exact_representatives.other_id <> holders.article_id
),

story_buckets as (
    select band, band_key
    from shared_keys
    where band >= 0
      and holders <= 100
),

band_links as (
    select
        new_holders.article_id,
        other_holders.article_id as other_id,
        count(*) as shared,
        false as exact
    from holders as new_holders
    semi join story_buckets using (band, band_key)
    inner join holders as other_holders using (band, band_key)
    where not new_holders.loaded
      and other_holders.article_id <> new_holders.article_id
    group by new_holders.article_id, other_holders.article_id
    having count(*) >= getvariable('min_shared_bands')
),

final as (
    select article_id, other_id, max(shared) as shared, bool_or(exact) as exact
    from (select * from exact_links union all select * from band_links)
    group by article_id, other_id
)

select * from final
