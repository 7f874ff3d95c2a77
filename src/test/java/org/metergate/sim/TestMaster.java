package org.metergate.sim;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameReader;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;

/**
 * A minimal real master for the simulator tests: writes MasterRequests bytes to a TCP socket or
 * a pty and reads the answer with FrameReader. Not the product's master (package bus); just
 * enough to check what goes over the wire.
 */
final class TestMaster implements Closeable {
    /** After a complete frame, wait this long for more bytes (a second answer = collision). */
    static final Duration QUIET = Duration.ofMillis(30);

    private final InputStream in;
    private final OutputStream out;
    private final Closeable resource;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final boolean dropEchoes;
    private volatile boolean closed;

    /** What came back for one request. */
    record Reply(List<Frame> frames, byte[] raw, long garbageBytes, long nanosToLastByte) {
        boolean isSingleAck() {
            return frames.size() == 1 && frames.get(0) instanceof Frame.Ack && garbageBytes == 0;
        }
    }

    private TestMaster(InputStream in, OutputStream out, Closeable resource, boolean dropEchoes) {
        this.in = in;
        this.out = out;
        this.resource = resource;
        this.dropEchoes = dropEchoes;
        Thread t = new Thread(this::readLoop, "test-master-reader");
        t.setDaemon(true);
        t.start();
    }

    static TestMaster tcp(int port) throws IOException {
        return tcp(port, true);
    }

    static TestMaster tcp(int port, boolean dropEchoes) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return new TestMaster(s.getInputStream(), s.getOutputStream(), s, dropEchoes);
    }

    static TestMaster pty(Path path) throws IOException {
        // separate channels: one FileChannel's read and write share a lock (see SimulatorServer)
        FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE);
        return new TestMaster(Channels.newInputStream(in), Channels.newOutputStream(out), () -> {
            in.close();
            out.close();
        }, true);
    }

    private void readLoop() {
        byte[] buf = new byte[1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    chunks.add(java.util.Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Sends one request, collects what arrives until a frame and a quiet gap, or the timeout. */
    Reply exchange(byte[] request, Duration timeout) throws IOException, InterruptedException {
        return exchange(request, timeout, QUIET);
    }

    /** As {@link #exchange(byte[], Duration)} with the quiet gap that ends collecting after a frame. */
    Reply exchange(byte[] request, Duration timeout, Duration quiet) throws IOException, InterruptedException {
        chunks.clear();
        FrameReader reader = new FrameReader(dropEchoes);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<Frame> frames = new ArrayList<>();
        long t0 = System.nanoTime();
        out.write(request);
        out.flush();
        long deadline = t0 + timeout.toNanos();
        long last = -1;
        while (true) {
            long until = frames.isEmpty() ? deadline : Math.min(deadline, last + quiet.toNanos());
            long wait = until - System.nanoTime();
            if (wait <= 0) {
                break;
            }
            byte[] c = chunks.poll(wait, TimeUnit.NANOSECONDS);
            if (c == null) {
                continue;
            }
            last = System.nanoTime();
            raw.write(c);
            frames.addAll(reader.feed(c));
        }
        return new Reply(frames, raw.toByteArray(), reader.discardedBytes() + reader.pending(), last < 0 ? -1 : last - t0);
    }

    Reply exchange(byte[] request) throws IOException, InterruptedException {
        return exchange(request, Duration.ofMillis(500));
    }

    /** SND_NKE then REQ_UD2 with toggling FCB while the meter says more records follow. */
    MeterReadout readPrimary(int address) throws Exception {
        Reply ack = exchange(MasterRequests.sndNke(address));
        if (!ack.isSingleAck()) {
            throw new IllegalStateException("no E5 from " + address + ": " + ack);
        }
        return readTelegrams(address);
    }

    /** Selection with the 8-byte mask, then REQ_UD2 to 253. */
    MeterReadout readSecondary(byte[] mask) throws Exception {
        Reply ack = exchange(MasterRequests.sndUd(MasterRequests.SELECTED, false, MasterRequests.CI_SELECTION, mask));
        if (!ack.isSingleAck()) {
            throw new IllegalStateException("selection not acknowledged: " + ack);
        }
        return readTelegrams(MasterRequests.SELECTED);
    }

    private MeterReadout readTelegrams(int address) throws Exception {
        List<Telegram> telegrams = new ArrayList<>();
        boolean fcb = true;
        do {
            Reply r = exchange(MasterRequests.reqUd2(address, fcb));
            if (r.frames().size() != 1) {
                throw new MbusDecodeException("expected one RSP_UD, got " + r.frames(), -1);
            }
            telegrams.add(TelegramDecoder.decode(r.frames().get(0)));
            fcb = !fcb;
        } while (telegrams.get(telegrams.size() - 1).moreRecordsFollow() && telegrams.size() < 10);
        return MeterReadout.merge(telegrams);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resource.close();
    }
}
