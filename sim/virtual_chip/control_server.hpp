// SPDX-License-Identifier: Apache-2.0
// The virtual chip's control socket (a unix stream socket, like
// libfprint's virtual devices): lines in, JSON lines out
// (control_commands.hpp), served on a thread of its own.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "card_store.hpp"
#include "chip_slot.hpp"

namespace ktpel::sim::virtual_chip {

class ControlServerError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class ControlServer
{
public:
    // Listens at `socket_path` (mode 0600). A stale socket there is
    // replaced; any other kind of file is an error (ControlServerError).
    ControlServer(ChipSlot& slot, const CardStore& store, std::filesystem::path socket_path);
    // Stops serving, joins the thread and removes the socket file.
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    const std::filesystem::path& socket_path() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace ktpel::sim::virtual_chip
