// SPDX-License-Identifier: Apache-2.0
#include "control_commands.hpp"

#include <charconv>
#include <sstream>
#include <vector>

#include "common/hex_bytes.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

std::vector<std::string> words_of(std::string_view line)
{
    std::istringstream stream{std::string(line)};
    std::vector<std::string> words;
    for (std::string word; stream >> word;)
        words.push_back(word);
    return words;
}

std::string failure(const std::string& message)
{
    return nlohmann::json{{"ok", false}, {"error", message}}.dump();
}

std::string success(nlohmann::json fields = nlohmann::json::object())
{
    fields["ok"] = true;
    return fields.dump();
}

nlohmann::json card_list(const CardStore& store)
{
    nlohmann::json cards = nlohmann::json::array();
    for (const auto& uid : store.list()) {
        nlohmann::json card{{"uid", ktpel::to_hex(uid)}};
        try {
            card["life_cycle"] = chip::name_of(store.load(uid).life_cycle);
        } catch (const CardStoreError& error) {
            card["error"] = error.what();
        }
        cards.push_back(card);
    }
    return cards;
}

} // namespace

std::string run_control_command(ChipSlot& slot, const CardStore& store, std::string_view line)
{
    const auto words = words_of(line);
    if (words.empty())
        return failure("empty command");
    const std::string& command = words.front();
    const auto arguments = words.size() - 1;
    const auto expect = [&](std::size_t count) {
        return arguments == count;
    };
    try {
        if (command == "insert-blank" && expect(0))
            return success({{"uid", ktpel::to_hex(slot.insert_blank())}});
        if (command == "insert" && expect(1)) {
            const auto uid = chip::parse_card_uid(words[1]);
            if (!uid)
                return failure("a UID is 16 hex digits");
            slot.insert(*uid);
            return success({{"uid", ktpel::to_hex(*uid)}});
        }
        if (command == "remove" && expect(0)) {
            slot.remove();
            return success();
        }
        if (command == "pull-after-writes" && expect(1)) {
            unsigned count = 0;
            const auto& text = words[1];
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), count);
            if (error != std::errc{} || end != text.data() + text.size() || count == 0)
                return failure("pull-after-writes takes a count of at least 1");
            slot.pull_after_writes(count);
            return success({{"pull_after_writes", count}});
        }
        if (command == "exchange-delay" && expect(1)) {
            unsigned ms = 0;
            const auto& text = words[1];
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ms);
            if (error != std::errc{} || end != text.data() + text.size() || ms > 10000)
                return failure("exchange-delay takes milliseconds from 0 to 10000");
            slot.set_exchange_delay(std::chrono::milliseconds{ms});
            return success({{"exchange_delay_ms", ms}});
        }
        if (command == "status" && expect(0))
            return success(slot.status());
        if (command == "list" && expect(0))
            return success({{"cards", card_list(store)}});
        if (command == "help" && expect(0))
            return success({{"commands",
                             {"insert-blank", "insert <UID>", "remove", "pull-after-writes <N>",
                              "exchange-delay <MS>", "status", "list", "help"}}});
    } catch (const std::exception& error) {
        return failure(error.what());
    }
    for (const char* known : {"insert-blank", "insert", "remove", "pull-after-writes",
                              "exchange-delay", "status", "list", "help"})
        if (command == known)
            return failure("wrong number of arguments for " + command);
    return failure("unknown command \"" + command + "\" (try help)");
}

} // namespace ktpel::sim::virtual_chip
