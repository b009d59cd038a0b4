// SPDX-License-Identifier: Apache-2.0
#include "iris_identity.hpp"

#include "seeded_random.hpp"

namespace ktpel::sim::iris {

namespace {

// Purposes keep the seed streams of one eye independent of each other.
constexpr std::uint64_t identity_purpose = 0x1D3A7171ULL;

} // namespace

IrisIdentity make_iris_identity(std::uint64_t person, EyeSide side)
{
    SeededRandom random(mix_seed(identity_purpose, person, static_cast<std::uint64_t>(side)));
    IrisIdentity id;
    id.person = person;
    id.side = side;

    id.iris_radius_px = random.uniform(100.0, 130.0);
    id.rest_pupil_ratio = random.uniform(0.30, 0.44);
    // The pupil usually sits slightly nasal and inferior of the iris centre.
    const double nasal = side == EyeSide::right ? 1.0 : -1.0;
    id.pupil_offset_x = nasal * random.uniform(0.0, 0.04);
    id.pupil_offset_y = random.uniform(0.0, 0.035);
    id.fissure_half_width = random.uniform(1.38, 1.55);

    // NIR: irides of every colour look mid-grey; skin and sclera reflect
    // strongly. The gaps matter: segmentation relies on them, as on real eyes.
    id.iris_grey = random.uniform(88.0, 122.0);
    id.sclera_grey = random.uniform(178.0, 200.0);
    id.skin_grey = random.uniform(152.0, 172.0);
    id.texture_contrast = random.uniform(0.22, 0.32);
    id.pupillary_zone_offset = random.uniform(-0.08, 0.12);

    id.furrow_seed = random.next_u64();
    id.fibre_seed = random.next_u64();
    id.collarette_seed = random.next_u64();
    id.skin_seed = random.next_u64();
    id.collarette_rho = random.uniform(0.28, 0.40);

    const int crypt_count = random.uniform_int(8, 22);
    for (int i = 0; i < crypt_count; ++i) {
        IrisSpot crypt;
        crypt.theta = random.uniform();
        // Crypts cluster just outside the collarette, some in the ciliary zone.
        crypt.rho = random.uniform() < 0.6 ? id.collarette_rho + random.uniform(0.02, 0.18)
                                           : random.uniform(0.45, 0.85);
        crypt.tangential_size_px = random.uniform(4.0, 12.0);
        crypt.radial_size_px = random.uniform(3.0, 8.0);
        crypt.depth = random.uniform(0.25, 0.50);
        id.crypts.push_back(crypt);
    }
    const int freckle_count = random.uniform_int(0, 5);
    for (int i = 0; i < freckle_count; ++i) {
        IrisSpot freckle;
        freckle.theta = random.uniform();
        freckle.rho = random.uniform(0.3, 0.9);
        freckle.tangential_size_px = random.uniform(2.0, 4.5);
        freckle.radial_size_px = freckle.tangential_size_px * random.uniform(0.8, 1.2);
        freckle.depth = random.uniform(0.25, 0.45);
        id.freckles.push_back(freckle);
    }
    const int ring_count = random.uniform_int(2, 4);
    for (int i = 0; i < ring_count; ++i) {
        ContractionRing ring;
        ring.rho = random.uniform(0.58, 0.92);
        ring.depth = random.uniform(0.08, 0.16);
        ring.arc_seed = random.next_u64();
        id.rings.push_back(ring);
    }
    return id;
}

} // namespace ktpel::sim::iris
