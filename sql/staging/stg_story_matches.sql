-- Pairs of articles that are the same story, for each article this run loads: it is
-- an exact copy of the other (same normalized body), or they share at least
-- $min_shared_bands MinHash band keys (tasks/enrich/stories.py). The other article is new or already loaded.
-- Exact copies link to one representative of their key (a loaded article first), not
-- to every copy: a text copied ten thousand times gives as many links, not 10^8.
-- Band buckets holding more than 100 articles are templates or boilerplate, not one
-- story: they are left out (exact copies are still linked by their exact key).
with new_bands as (
    select * from stg_new_story_bands
),

known_bands as (
    select
        article_bands.*,
        true as loaded
    from article_bands
),

new_keys as (
    select distinct band, band_key
    from new_bands
),

all_bands as (
    -- Only the keys this run's articles have: a daily run looks up its own keys in
    -- the archive's instead of grouping all of them.
    select *, false as loaded from new_bands
    union all
    select known_bands.*
    from known_bands
    semi join new_keys using (band, band_key)
),

exact_representatives as (
    select
        band_key,
        arg_min(article_id, (not loaded, article_id)) as other_id
    from all_bands
    where band = -1
    group by band_key
),

exact_links as (
    select
        new_bands.article_id,
        exact_representatives.other_id,
        0 as shared,
        true as exact
    from new_bands
    inner join exact_representatives using (band_key)
    where new_bands.band = -1
      and exact_representatives.other_id <> new_bands.article_id
),

bucket_sizes as (
    select band, band_key, count(*) as members
    from all_bands
    where band >= 0
    group by band, band_key
    having count(*) between 2 and 100
),

band_links as (
    select
        new_bands.article_id,
        all_bands.article_id as other_id,
        count(*) as shared,
        false as exact
    from new_bands
    inner join bucket_sizes using (band, band_key)
    inner join all_bands using (band, band_key)
    where new_bands.band >= 0
      and all_bands.article_id <> new_bands.article_id
    group by new_bands.article_id, all_bands.article_id
    having count(*) >= getvariable('min_shared_bands')
),

final as (
    select article_id, other_id, max(shared) as shared, bool_or(exact) as exact
    from (select * from exact_links union all select * from band_links)
    group by article_id, other_id
)

select * from final
