// SPDX-License-Identifier: Apache-2.0
// The receipts table: one row per completed service, naming its proof of
// receipt in the archive and the hash that file must still have.
#include <SQLiteCpp/Statement.h>

#include "register_impl.hpp"

namespace ktpel::reg {

void insert_receipt(SQLite::Database& db, const ReceiptRecord& receipt)
{
    SQLite::Statement statement(
        db, "INSERT INTO receipts (application_id, file, sha256, bytes, created_at) "
            "VALUES (:application_id, :file, :sha256, :bytes, :created_at)");
    statement.bind(":application_id", receipt.application_id);
    statement.bind(":file", receipt.file);
    statement.bind(":sha256", receipt.sha256);
    statement.bind(":bytes", static_cast<std::int64_t>(receipt.bytes));
    statement.bind(":created_at", static_cast<std::int64_t>(receipt.created_at));
    statement.exec();
}

std::optional<ReceiptRecord> Register::receipt_of(const std::string& application_id) const
{
    return translate_sqlite_errors("receipt_of", [&]() -> std::optional<ReceiptRecord> {
        SQLite::Statement statement(impl_->db,
                                    "SELECT application_id, file, sha256, bytes, created_at "
                                    "FROM receipts WHERE application_id = :application_id");
        statement.bind(":application_id", application_id);
        if (!statement.executeStep())
            return std::nullopt;
        ReceiptRecord receipt;
        receipt.application_id = statement.getColumn(0).getString();
        receipt.file = statement.getColumn(1).getString();
        receipt.sha256 = statement.getColumn(2).getString();
        receipt.bytes = statement.getColumn(3).getInt64();
        receipt.created_at = statement.getColumn(4).getInt64();
        return receipt;
    });
}

} // namespace ktpel::reg
