package fr.carnets.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Replies that jjava-jupyter 1.0-a6 sends outside the Jupyter protocol: kernel_info_reply without
 * "status", and history_reply with entries as objects (its array adapter is only registered for
 * reading). These classes serialise as the protocol says.
 */
public final class Replies {

    private Replies() {
    }

    public static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused") // read by gson
        private final String status = "ok";

        public KernelInfo(String protocolVersion, String name, String version, LanguageInfo info, String banner, List<HelpLink> links) {
            super(protocolVersion, name, version, info, banner, links);
        }
    }

    /** history_reply: {"status": "ok", "history": [[session, line, input], ...]}. */
    public static final class History implements ContentType<History>, ReplyType<HistoryRequest> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        private final List<List<Object>> history = new ArrayList<>();

        public History(List<HistoryEntry> entries, boolean withOutput) {
            for (HistoryEntry e : entries) {
                List<Object> row = new ArrayList<>();
                row.add(e.getSession());
                row.add(e.getCellNumber());
                row.add(withOutput ? List.of(e.getInput(), e.hasOutput() ? e.getOutput() : "") : e.getInput());
                history.add(row);
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<History> getType() {
            return (MessageType) MessageType.HISTORY_REPLY;
        }

        @Override
        public MessageType<HistoryRequest> getRequestType() {
            return MessageType.HISTORY_REQUEST;
        }
    }

    /** execute_reply of a cell not run because an earlier one failed ("stop on error"). */
    public static final class ExecuteAborted implements ContentType<ExecuteAborted>, ReplyType<org.dflib.jjava.jupyter.messages.request.ExecuteRequest> {
        @SuppressWarnings("unused")
        private final String status = "aborted";
        @SuppressWarnings("unused")
        @com.google.gson.annotations.SerializedName("execution_count")
        private final int executionCount;

        public ExecuteAborted(int executionCount) {
            this.executionCount = executionCount;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<ExecuteAborted> getType() {
            return (MessageType) MessageType.EXECUTE_REPLY;
        }

        @Override
        public MessageType<org.dflib.jjava.jupyter.messages.request.ExecuteRequest> getRequestType() {
            return MessageType.EXECUTE_REQUEST;
        }
    }
}
