// SPDX-License-Identifier: Apache-2.0
// The register's schema history. The version lives in the database header
// (PRAGMA user_version); each migration takes the schema from version N-1 to
// N and is never edited once released: a change is a new migration.
#pragma once

#include <string>

namespace SQLite {
class Database;
}

namespace ktpel::reg {

// Marks the file as a ktpeld register (PRAGMA application_id, "KTPL"), so a
// wrong path is refused instead of getting our tables added to it.
inline constexpr int register_application_id = 0x4B54504C;

int latest_schema_version();

// Refuses (RegisterError) a file that is not a register or whose schema is
// newer than this code; reads only, so a refused file is left untouched.
void check_schema_is_usable(SQLite::Database& db, const std::string& path);

// Applies the missing migrations in one transaction; returns the version.
int migrate_to_latest(SQLite::Database& db, const std::string& path);

} // namespace ktpel::reg
