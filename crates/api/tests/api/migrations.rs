//! Migrations apply, revert and re-apply on the backend under test, and both backends end
//! with the same tables and columns.

use crate::helpers::spawn_app;
use diesel::prelude::*;
use diesel::sql_types::Text;
use relais_db::connection::{revert_all_migrations, run_migrations, ConnectionManager};
use relais_db::DbConnection;
use std::collections::BTreeSet;

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

fn columns(conn: &mut DbConnection) -> BTreeSet<(String, String)> {
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'"
        }
        DbConnection::Postgresql(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'"
        }
    };
    diesel::sql_query(sql)
        .load::<Column>(conn)
        .expect("columns")
        .into_iter()
        .map(|c| (c.table_name, c.column_name))
        .collect()
}

#[actix_rt::test]
async fn migrations_apply_revert_and_apply_again() {
    let app = spawn_app().await;
    let mut conn = app.connection();
    let before = columns(&mut conn);
    assert!(before.contains(&("activity_events".to_owned(), "occurred_at".to_owned())));
    // The seeded rows would block DROP TABLE order on PostgreSQL only through foreign keys,
    // which the down migration drops child-first.
    revert_all_migrations(&mut conn).expect("revert");
    assert!(columns(&mut conn).is_empty(), "everything reverted");
    run_migrations(&mut conn).expect("apply again");
    assert_eq!(columns(&mut conn), before);
}

#[actix_rt::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let app = spawn_app().await;
    if !app.is_postgres() {
        // Compared when the suite runs on PostgreSQL, where both backends are at hand.
        return;
    }
    let mut postgres = app.connection();
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite_url = format!("sqlite://{}", dir.path().join("compare.db").display());
    let mut sqlite = ConnectionManager::new(&sqlite_url).establish().expect("sqlite");
    run_migrations(&mut sqlite).expect("migrate sqlite");
    assert_eq!(columns(&mut sqlite), columns(&mut postgres));
}
