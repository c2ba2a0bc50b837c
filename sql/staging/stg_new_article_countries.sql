-- Country evidence for the articles this run loads: the evidence staged in the same
-- batch as the article's kept copy (stg_new_articles), so it describes the text that
-- is published even when copies of a record differ. (Articles are staged as Arrow
-- IPC, the rest as Parquet.)
with staged as (
    select * from staged_article_countries
),

kept_batches as (
    select
        article_id,
        regexp_replace(staged_file, 'articles-([^/\\]+)\.arrow$', 'article_countries-\1.parquet') as filename
    from stg_new_articles
),

final as (
    select
        staged.article_id,
        staged.iso3,
        staged.mentions,
        staged.first_offset,
        staged.in_title,
        staged.in_dateline,
        staged.focus,
        staged.surface_forms,
        getvariable('run_id') as run_id
    from staged
    inner join kept_batches using (article_id, filename)
)

select * from final
