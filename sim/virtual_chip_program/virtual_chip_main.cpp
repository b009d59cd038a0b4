// SPDX-License-Identifier: Apache-2.0
// ktpel-virtual-chip: the KTP-el chip in the encoder's vpcd reader slot.
// Cards live in a state directory (one file per UID); a control socket
// inserts, removes and pulls them (docs/chip.md, "Emulator steering").
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <pthread.h>
#include <sys/stat.h>

#include "common/hex_bytes.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/virtual_chip/control_server.hpp"
#include "sim/vpcd/vpcd_card_slot.hpp"
#include "sim/vpcd/vpcd_protocol.hpp"

namespace {

using namespace ktpel;
using namespace ktpel::sim::virtual_chip;
namespace sm = ktpel::sim::sm;

// pcscd polls vpcd about every 400 ms: when one card replaces another, the
// slot stays empty long enough for pcscd to see a removal in between.
constexpr std::chrono::milliseconds kSwapPause{1000};

class CardPulled : public std::runtime_error
{
public:
    CardPulled() : std::runtime_error("the card was pulled (pull-after-writes)") {}
};

// The slot's card as vpcd sees it. A pull throws, and VpcdLink closes the
// link without answering: to pcscd the card vanished mid-APDU.
class SlotCard final : public sim::vpcd::VirtualCard
{
public:
    explicit SlotCard(ChipSlot& slot) : slot_(slot) {}

    std::vector<std::uint8_t> atr() const override { return slot_.atr(); }
    void power_on() override { slot_.power_on(); }
    void power_off() override { slot_.power_off(); }
    void reset() override { slot_.reset(); }
    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> command) override
    {
        auto answer = slot_.transmit(command);
        if (!answer)
            throw CardPulled();
        return std::move(*answer);
    }

private:
    ChipSlot& slot_;
};

// Keeps vpcd's view in step with the slot: connected while a card is in.
void follow_slot(ChipSlot& slot, const std::string& host, std::uint16_t port, std::stop_token stop)
{
    sim::vpcd::VpcdCardSlot reader(host, port);
    const auto card = std::make_shared<SlotCard>(slot);
    std::uint64_t seen = slot.generation();
    bool had_card = false;
    while (!stop.stop_requested()) {
        reader.remove();
        if (slot.present()) {
            if (had_card)
                std::this_thread::sleep_for(kSwapPause);
            reader.insert(card);
        }
        had_card = slot.present();
        seen = slot.wait_for_change(seen, stop);
    }
}

sigset_t termination_signals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

} // namespace

int main(int argc, char** argv)
{
    // The card files hold the holders' faces, fingerprint templates,
    // signatures and the cards' keys; the control socket steers the slot.
    // Whatever umask we were started with, nothing we create is anyone
    // else's (CardStore also sets its modes explicitly).
    ::umask(0077);
    CLI::App app{"The virtual KTP-el chip: a vpcd card steered over a unix socket"};
    std::string host = "127.0.0.1";
    std::uint16_t port = sim::vpcd::default_port;
    std::string state_dir;
    std::string control_socket;
    std::string master_key_file;
    bool insert_blank = false;
    std::string insert_uid;
    app.add_option("--host", host, "vpcd host (IPv4)")->capture_default_str();
    app.add_option("--port", port, "vpcd port of the encoder slot")->capture_default_str();
    app.add_option("--state-dir", state_dir, "directory of card files (one per UID)")->required();
    app.add_option("--control-socket", control_socket,
                   "unix socket for steering (default: <state-dir>/control.sock)");
    app.add_option("--master-key-file", master_key_file,
                   "issuer master key for new blank cards (32 hex digits; default: the demo key)");
    app.add_flag("--insert-blank", insert_blank, "start with a new blank card in the slot");
    app.add_option("--insert", insert_uid, "start with this stored card in the slot")
        ->excludes("--insert-blank");
    CLI11_PARSE(app, argc, argv);
    if (control_socket.empty())
        control_socket = state_dir + "/control.sock";

    // Signals go to sigwait() below, not to whichever thread runs.
    const sigset_t signals = termination_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        sm::SecretBytes issuer_key;
        if (master_key_file.empty()) {
            std::cerr << "ktpel-virtual-chip: making blank cards with the published demo issuer "
                         "key\n";
            issuer_key = sm::demo_issuer_key();
        } else {
            issuer_key = sm::read_issuer_key_file(master_key_file);
        }
        CardStore store(state_dir);
        ChipSlot slot(store, std::move(issuer_key));
        if (insert_blank)
            std::cerr << "ktpel-virtual-chip: blank card " << ktpel::to_hex(slot.insert_blank())
                      << " inserted\n";
        if (!insert_uid.empty()) {
            const auto uid = chip::parse_card_uid(insert_uid);
            if (!uid)
                throw std::invalid_argument("--insert takes a UID of 16 hex digits");
            slot.insert(*uid);
        }
        ControlServer control(slot, store, control_socket);
        std::jthread follower(
            [&](std::stop_token stop) { follow_slot(slot, host, port, std::move(stop)); });
        std::cerr << "ktpel-virtual-chip: vpcd " << host << ":" << port << ", cards in "
                  << state_dir << ", control socket " << control_socket << "\n";
        int signal = 0;
        sigwait(&signals, &signal);
    } catch (const std::exception& error) {
        std::cerr << "ktpel-virtual-chip: " << error.what() << "\n";
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
