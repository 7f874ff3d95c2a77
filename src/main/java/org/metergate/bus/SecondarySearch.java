package org.metergate.bus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The hex-aware secondary search: which masks to select so that every meter is selected alone once,
 * with as few selections as the answers allow. See docs/bus.md, "Secondary scan", for the figures.
 *
 * <p>It narrows like the decimal tree (last nibble first, values 0-9) and adds three rules, each of
 * which only ever replaces a probe whose answer is already implied, so nothing a full hex tree finds
 * is lost:
 * <ol>
 * <li><b>Covered masks are not probed.</b> A mask inside one that answered with nothing or with one
 * (known) meter holds nothing new.
 * <li><b>Cross probes.</b> When several children of a collided mask collide, the next nibble is also
 * probed across them (mask with the next nibble fixed, this one wild). Each such probe that answers
 * with at most one meter covers that value in every collided child at once.
 * <li><b>Implied collisions are not probed.</b> A child is split without selecting it when all its
 * siblings are known and hold no meter (the parent's two or more must be in it), and when every mask
 * of its size has collided so far (the first levels of a large bus).
 * </ol>
 * Ids with A-E nibbles: a narrowed mask's letter children are not probed during the tree. Afterwards
 * the ones not covered are checked together: all regions with letter L at position p are selected
 * through their common mask (one probe for the whole bus when nothing answers) and narrowed only
 * along the nibbles that separate them. F is the wildcard and cannot be selected: a meter with an F
 * nibble is found when it is alone in a probed mask, and a mask that collided but holds fewer than
 * two found meters is reported as a conflict (something answers that cannot be selected alone).
 */
final class SecondarySearch {

    /** Selects one mask (and reads the meter when exactly one answers). */
    interface Selector {
        /**
         * @param medium the medium byte to select, or {@link #ANY} for the scan's own filter
         * @param version likewise the version byte
         */
        Selection select(IdMask mask, int medium, int version) throws IOException, InterruptedException, ScanCancelled;

        default Selection select(IdMask mask) throws IOException, InterruptedException, ScanCancelled {
            return select(mask, ANY, ANY);
        }
    }

    /** The wildcard for the medium and version bytes (and the largest byte value, never selectable). */
    static final int ANY = 0xFF;

    private static final int DECIMALS = 10;
    private static final int FIRST_LETTER = 0xA;
    private static final int LAST_LETTER = 0xE;
    /** Probes at one depth that all collided before that depth counts as certain to collide. */
    private static final int DENSE_AFTER = 4;
    /**
     * Expected probes a cross probe must spare (see {@link #crossCover}). Below 1 because its estimate
     * leaves out what else a cross probe that answers covers (letter children, deeper cells); measured
     * with ScanProbesBenchmark: 0.6-1.0 cost the same on random ids, 0.8 is best on serial ranges.
     */
    private static final double CROSS_GAIN = 0.8;

    private record Pending(IdMask mask, int position) {
        int group() {
            return position << 4 | mask.nibble(position);
        }
    }

    private final Selector selector;
    private final DoubleConsumer progress;
    private final List<String> conflicts;
    private final ProbeLog log = new ProbeLog();
    private final List<Pending> pending = new ArrayList<>();
    private final int[] probedAt = new int[9];
    private final int[] collidedAt = new int[9];
    /** Complete ids that several meters answer. */
    private final List<IdMask> duplicates = new ArrayList<>();
    /** Children split without a probe (implied collisions). */
    private final java.util.Set<IdMask> assumed = new java.util.HashSet<>();

    /**
     * @param progress receives shares of the search as they are completed (summing to 1)
     * @param conflicts receives what cannot be resolved
     */
    SecondarySearch(Selector selector, DoubleConsumer progress, List<String> conflicts) {
        this.selector = selector;
        this.progress = progress;
        this.conflicts = conflicts;
    }

    void run() throws IOException, InterruptedException, ScanCancelled {
        resolve(IdMask.ALL, false, 0.9);
        letters(0.1);
        reportHidden();
    }

    private Selection.Kind probe(IdMask mask) throws IOException, InterruptedException, ScanCancelled {
        Selection.Kind known = log.outcome(mask);
        if (known != null) {
            return known;
        }
        if (log.knownIn(mask) >= 2) {
            return Selection.Kind.COLLISION; // two found meters answer it: implied
        }
        Selection s = selector.select(mask);
        log.record(mask, s);
        return s.kind();
    }

    /** A child of the tree probed: counted per depth for {@link #dense}. */
    private Selection.Kind probeChild(IdMask child) throws IOException, InterruptedException, ScanCancelled {
        Selection.Kind kind = probe(child);
        int d = child.depth();
        probedAt[d]++;
        if (kind == Selection.Kind.COLLISION) {
            collidedAt[d]++;
        }
        return kind;
    }

    /** Every child with {@code depth} fixed nibbles probed so far collided: probing one more tells nothing. */
    private boolean dense(int depth) {
        return probedAt[depth] >= DENSE_AFTER && collidedAt[depth] == probedAt[depth];
    }

    /** Finds every meter below {@code mask}; {@code collided}: it is known to hold two or more. */
    private void resolve(IdMask mask, boolean collided, double share) throws IOException, InterruptedException, ScanCancelled {
        if (log.covered(mask) || !collided && probe(mask) != Selection.Kind.COLLISION) {
            progress.accept(share);
            return;
        }
        split(mask, share);
    }

    /** {@code mask} holds two or more meters: narrow its next nibble. */
    private void split(IdMask mask, double share) throws IOException, InterruptedException, ScanCancelled {
        int p = nextWild(mask, -1);
        if (p < 0) {
            sameId(mask);
            progress.accept(share);
            return;
        }
        boolean[] open = new boolean[DECIMALS];
        for (int v = 0; v < DECIMALS; v++) {
            IdMask child = mask.with(p, v);
            if (log.covered(child)) {
                continue;
            }
            if (dense(child.depth()) || onlyUnknownChild(mask, p, v)) {
                open[v] = true;
                assumed.add(child);
                continue;
            }
            crossCover(child, p);
            if (!log.covered(child) && probeChild(child) == Selection.Kind.COLLISION) {
                open[v] = true;
            }
        }
        for (int letter = FIRST_LETTER; letter <= LAST_LETTER; letter++) {
            IdMask child = mask.with(p, letter);
            if (!log.covered(child)) {
                pending.add(new Pending(child, p));
            }
        }
        for (int v = 0; v < DECIMALS; v++) {
            if (open[v]) {
                IdMask child = mask.with(p, v);
                resolve(child, true, share / DECIMALS);
                if (assumed.contains(child)) {
                    // What the skipped probe would have said, so a wrong guess of density is corrected.
                    probedAt[child.depth()]++;
                    if (log.knownIn(child) >= 2) {
                        collidedAt[child.depth()]++;
                    }
                }
            } else {
                progress.accept(share / DECIMALS);
            }
        }
    }

    /**
     * Several meters share the complete id {@code id}: narrows on the medium byte, then on the
     * version byte (each 0-FEh; FFh is the wildcard). What still collides differs only in the
     * manufacturer, which has no wildcard to narrow with, and is reported.
     */
    private void sameId(IdMask id) throws IOException, InterruptedException, ScanCancelled {
        List<String> unresolved = new ArrayList<>();
        for (int medium = 0; medium < ANY; medium++) {
            if (byteSplit(id, medium, ANY) == Selection.Kind.COLLISION) {
                for (int version = 0; version < ANY; version++) {
                    if (byteSplit(id, medium, version) == Selection.Kind.COLLISION) {
                        unresolved.add(String.format("medium %02X version %02X", medium, version));
                    }
                }
            }
        }
        if (!unresolved.isEmpty()) {
            duplicates.add(id);
            conflicts.add("several meters answer to " + id.text() + " with the same " + String.join(", ", unresolved)
                    + " (same id, medium and version with another manufacturer)");
        }
    }

    private Selection.Kind byteSplit(IdMask id, int medium, int version) throws IOException, InterruptedException, ScanCancelled {
        Selection s = selector.select(id, medium, version);
        log.learn(s);
        return s.kind();
    }

    /**
     * Before selecting {@code cell}, selects a larger mask through it when that is likely to cover it
     * and enough of its siblings across other branches: {@code cell} with one fixed nibble (not the
     * one just narrowed, {@code p}) made wild. Worth it when the chance that the larger mask answers
     * with at most one meter, times the cells it would spare, exceeds the one probe it costs.
     */
    private void crossCover(IdMask cell, int p) throws IOException, InterruptedException, ScanCancelled {
        while (!log.covered(cell)) {
            IdMask best = null;
            double bestGain = CROSS_GAIN;
            for (int r = 0; r < 8; r++) {
                if (r == p || cell.isWild(r)) {
                    continue;
                }
                IdMask c = cell.with(r, IdMask.WILD);
                double pc = collisionRate(c.depth());
                int known = log.knownIn(c);
                if (pc < 0 || known >= 2 || log.outcome(c) != null) {
                    continue;
                }
                double resolves = (1 - pc) * (known == 0 ? 1 : 0.5);
                double spared = 0;
                for (int x = 0; x < DECIMALS; x++) {
                    IdMask sibling = c.with(r, x);
                    if (sibling.equals(cell)) {
                        spared += 1;
                    } else if (log.outcome(sibling) == null && !log.covered(sibling)) {
                        IdMask parent = sibling.with(p, IdMask.WILD);
                        Selection.Kind k = log.outcome(parent);
                        spared += assumed.contains(parent) || k == Selection.Kind.COLLISION ? 1
                                : k == null && !log.covered(parent) ? Math.max(0, collisionRate(parent.depth())) : 0;
                    }
                }
                if (resolves * spared > bestGain) {
                    bestGain = resolves * spared;
                    best = c;
                }
            }
            if (best == null) {
                return;
            }
            probe(best);
        }
    }

    /** Share of probed tree children with {@code depth} fixed nibbles that collided; -1 without a basis. */
    private double collisionRate(int depth) {
        return probedAt[depth] < 3 ? -1 : collidedAt[depth] / (double) probedAt[depth];
    }

    /**
     * Whether child {@code v} is the only one left whose content is unknown while the known ones hold
     * no meter: the parent's two or more meters are then in it (or in letter children, which the
     * letter check covers), so selecting it would only collide.
     */
    private boolean onlyUnknownChild(IdMask mask, int p, int v) {
        if (log.outcome(mask) != Selection.Kind.COLLISION) {
            return false; // only a parent that did collide proves two meters (an assumed one may be empty)
        }
        for (int w = 0; w < DECIMALS; w++) {
            if (w == v) {
                continue;
            }
            IdMask sibling = mask.with(p, w);
            if (!log.covered(sibling) || log.knownIn(sibling) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The last wildcard nibble other than {@code except}, or -1: narrowing starts at the last digit. */
    private static int nextWild(IdMask mask, int except) {
        for (int p = 7; p >= 0; p--) {
            if (p != except && mask.isWild(p)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Checks the letter children the tree skipped, grouped by position and letter: each group is
     * selected through its common mask and narrowed only where its members differ.
     */
    private void letters(double share) throws IOException, InterruptedException, ScanCancelled {
        double left = share;
        while (!pending.isEmpty()) {
            Map<Integer, List<IdMask>> groups = new LinkedHashMap<>();
            for (Pending p : pending) {
                groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p.mask());
            }
            pending.clear();
            for (List<IdMask> group : groups.values()) {
                IdMask common = group.get(0);
                for (IdMask m : group) {
                    common = common.join(m);
                }
                within(common, group);
            }
            progress.accept(left / 2);
            left /= 2;
        }
        progress.accept(left);
    }

    /** Covers the parts of {@code regions} inside {@code mask} that are still unknown. */
    private void within(IdMask mask, List<IdMask> regions) throws IOException, InterruptedException, ScanCancelled {
        List<IdMask> open = new ArrayList<>();
        for (IdMask r : regions) {
            if (r.intersects(mask)) {
                IdMask part = r.intersection(mask);
                if (!log.covered(part)) {
                    open.add(part);
                }
            }
        }
        if (open.isEmpty()) {
            return;
        }
        IdMask common = open.get(0);
        for (IdMask m : open) {
            common = common.join(m);
        }
        for (IdMask r : regions) {
            if (r.contains(common)) {
                resolve(common, false, 0);
                return;
            }
        }
        if (probe(common) != Selection.Kind.COLLISION) {
            return;
        }
        // Narrow where the open parts differ least: fewest selections to separate them.
        int q = -1;
        int fewest = Integer.MAX_VALUE;
        for (int p = 7; p >= 0; p--) {
            if (common.isWild(p) && fixedInAll(open, p)) {
                int values = distinctValues(open, p);
                if (values < fewest) {
                    fewest = values;
                    q = p;
                }
            }
        }
        if (q < 0) {
            for (IdMask part : open) {
                within(part, open);
            }
            return;
        }
        boolean[] seen = new boolean[16];
        for (IdMask part : open) {
            int v = part.nibble(q);
            if (!seen[v]) {
                seen[v] = true;
                within(common.with(q, v), open);
            }
        }
    }

    private static int distinctValues(List<IdMask> masks, int p) {
        boolean[] seen = new boolean[16];
        int n = 0;
        for (IdMask m : masks) {
            if (!seen[m.nibble(p)]) {
                seen[m.nibble(p)] = true;
                n++;
            }
        }
        return n;
    }

    private static boolean fixedInAll(List<IdMask> masks, int p) {
        for (IdMask m : masks) {
            if (m.isWild(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every selectable part of a collided mask is now known; if it still holds fewer than two found
     * meters, something answered there that no mask can select alone (an id nibble F) or did not
     * give its address.
     */
    private void reportHidden() {
        List<IdMask> hidden = new ArrayList<>();
        for (IdMask c : log.collided()) {
            long shared = duplicates.stream().filter(c::contains).count(); // each holds two or more, reported by split
            if (log.knownIn(c) + 2 * shared < 2) {
                hidden.add(c);
            }
        }
        for (IdMask c : hidden) {
            boolean innermost = hidden.stream().noneMatch(o -> !o.equals(c) && c.contains(o));
            if (innermost) {
                conflicts.add("several meters answer to " + c.text() + " but only " + log.knownIn(c)
                        + " could be selected alone (an id with the nibble F, which only the wildcard selects)");
            }
        }
    }
}
