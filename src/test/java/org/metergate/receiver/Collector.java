package org.metergate.receiver;

import java.util.ArrayList;
import java.util.List;

/** Test listener: keeps what a parser delivers. */
final class Collector implements FrameListener {
    final List<ReceivedFrame> frames = new ArrayList<>();
    final List<FramingException> errors = new ArrayList<>();
    final List<int[]> responses = new ArrayList<>();

    @Override
    public void onFrame(ReceivedFrame frame) {
        frames.add(frame);
    }

    @Override
    public void onError(FramingException error) {
        errors.add(error);
    }

    @Override
    public void onResponse(String receiverId, int messageId, byte[] payload) {
        responses.add(new int[] {messageId, payload.length});
    }

    List<FramingException.Kind> kinds() {
        return errors.stream().map(FramingException::kind).toList();
    }
}
