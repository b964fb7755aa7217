package fr.carnets.widgets;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The widgets' side of Jupyter comms (widget protocol 2.1.0): one comm of target "jupyter.widget"
 * per widget, and the "jupyter.widget.control" comm a front end opens to ask for every widget's
 * state when it (re)connects. Only this class sees jjava's comm classes.
 */
final class Comms {
    static final String TARGET = "jupyter.widget";
    static final String CONTROL = "jupyter.widget.control";
    static final String VERSION = "2.1.0";

    /** The browser message being handled on the shell thread: the parent of a later callback's status. */
    private static final ThreadLocal<MessageContext> TRIGGER = new ThreadLocal<>();

    /** Open widgets by id: what request_states answers with. Closed widgets leave it (no leak). */
    private static final Map<String, Widget> OPEN = new ConcurrentHashMap<>();

    private Comms() {
    }

    /** Lets front ends open the control comm; called once when the extension is installed. */
    static void install(BaseKernel kernel) {
        kernel.getCommManager().registerTarget(CONTROL, (manager, id, target, msg) -> new ControlComm(manager, id, target));
    }

    /** The running kernel, or null outside one (jjava's notebookKernel() throws there). */
    static BaseKernel kernel() {
        try {
            return BaseKernel.notebookKernel();
        } catch (NullPointerException e) {
            return null;
        }
    }

    /** Widgets now open, for tests and %widgets. */
    static int openCount() {
        return OPEN.size();
    }

    /**
     * Opens the comm of a widget with its whole state (jjava's openComm sends an empty one), or
     * returns null outside a kernel (a unit test): the widget then lives without a front end.
     */
    static WidgetComm open(Widget widget) {
        BaseKernel kernel = kernel();
        if (kernel == null) {
            return null;
        }
        CommManager manager = kernel.getCommManager();
        WidgetState.Encoded s = WidgetState.encode(widget.traits());
        JsonObject data = new JsonObject();
        data.add("state", s.state());
        data.add("buffer_paths", s.bufferPaths());
        WidgetComm comm = new WidgetComm(manager, widget);
        synchronized (manager) {
            Message<CommOpenCommand> open = new Message<>(context(manager), CommOpenCommand.MESSAGE_TYPE,
                    new CommOpenCommand(comm.getID(), TARGET, data), frames(s.buffers()), Map.of("version", VERSION));
            iopub(manager).sendMessage(open);
            manager.registerComm(comm);
        }
        OPEN.put(comm.getID(), widget);
        return comm;
    }

    static void send(WidgetComm comm, JsonObject data, List<byte[]> buffers) {
        if (!comm.isClosed()) {
            comm.send(data, Map.of("version", VERSION), frames(buffers));
        }
    }

    static void close(WidgetComm comm) {
        OPEN.remove(comm.getID());
        if (!comm.isClosed()) {
            comm.close();
        }
    }

    /**
     * Buffers as jjava must get them: null when there are none. Given an empty list, jjava 1.0-a6
     * sends the content frame with "more to come" and the next message (the cell's idle status)
     * became buffers of this one: the cell never ended for the front end.
     */
    private static List<byte[]> frames(List<byte[]> buffers) {
        return buffers == null || buffers.isEmpty() ? null : buffers;
    }

    /**
     * {@code task} wrapped to say "busy" then "idle" as it runs, under the browser message that asked
     * for it: the kernel's indicator shows a callback that trains for a minute (the message itself
     * was answered "idle" at once, before the callback ran). As is outside a browser message.
     */
    static Runnable busyWhile(Runnable task) {
        MessageContext trigger = TRIGGER.get();
        BaseKernel kernel = kernel();
        if (trigger == null || kernel == null) {
            return task;
        }
        JupyterSocket iopub = iopub(kernel.getCommManager());
        return () -> {
            iopub.sendMessage(new Message<>(trigger, PublishStatus.MESSAGE_TYPE, PublishStatus.BUSY));
            try {
                task.run();
            } finally {
                iopub.sendMessage(new Message<>(trigger, PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE));
            }
        };
    }

    private static JupyterSocket iopub(CommManager manager) {
        return (JupyterSocket) field(manager, "iopub");
    }

    private static MessageContext context(CommManager manager) {
        return (MessageContext) field(manager, "context");
    }

    /** jjava keeps the iopub socket and the current request in protected fields, with no getter. */
    private static Object field(CommManager manager, String name) {
        try {
            Field f = CommManager.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(manager);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cette version de jjava-jupyter ne permet pas d'ouvrir un widget (" + name + ")", e);
        }
    }

    /** A widget's comm: messages from the front end go to the widget. */
    static final class WidgetComm extends Comm {
        private final Widget widget;

        WidgetComm(CommManager manager, Widget widget) {
            super(manager, java.util.UUID.randomUUID().toString(), TARGET);
            this.widget = widget;
        }

        @Override
        protected void onMessage(Message<CommMsgCommand> message) {
            JsonObject data = message.getContent().getData();
            String method = data.has("method") ? data.get("method").getAsString() : "";
            TRIGGER.set(message);
            try {
                dispatch(method, data, message);
            } finally {
                TRIGGER.remove();
            }
        }

        private void dispatch(String method, JsonObject data, Message<CommMsgCommand> message) {
            switch (method) {
                case "update" -> widget.receiveUpdate(data.getAsJsonObject("state"),
                        data.has("buffer_paths") ? data.getAsJsonArray("buffer_paths") : null, message.getBlobs());
                case "request_state" -> widget.sendState(widget.traits());
                case "custom" -> widget.receiveCustom(data.has("content") ? data.getAsJsonObject("content") : new JsonObject());
                default -> {
                    // an unknown method from a newer front end: nothing to do
                }
            }
        }

        @Override
        protected void onClose(Message<CommCloseCommand> message, boolean sending) {
            OPEN.remove(getID());
            if (!sending) {
                widget.closedByFrontEnd();
            }
        }
    }

    /** The comm a front end opens to fetch every widget's state ("request_states"). */
    private static final class ControlComm extends Comm {
        ControlComm(CommManager manager, String id, String target) {
            super(manager, id, target);
        }

        @Override
        protected void onMessage(Message<CommMsgCommand> message) {
            JsonObject data = message.getContent().getData();
            if (!data.has("method") || !"request_states".equals(data.get("method").getAsString())) {
                return;
            }
            JsonObject states = new JsonObject();
            JsonArray paths = new JsonArray();
            List<byte[]> buffers = new java.util.ArrayList<>();
            for (Widget w : OPEN.values()) {
                WidgetState.Encoded s = WidgetState.encode(w.traits());
                JsonObject entry = new JsonObject();
                entry.addProperty("model_name", (String) w.traits().get("_model_name"));
                entry.addProperty("model_module", (String) w.traits().get("_model_module"));
                entry.addProperty("model_module_version", (String) w.traits().get("_model_module_version"));
                entry.add("state", s.state());
                states.add(w.id(), entry);
                for (int i = 0; i < s.bufferPaths().size(); i++) {
                    JsonArray p = new JsonArray();
                    p.add(w.id());
                    p.add("state");
                    s.bufferPaths().get(i).getAsJsonArray().forEach(p::add);
                    paths.add(p);
                    buffers.add(s.buffers().get(i));
                }
            }
            JsonObject reply = new JsonObject();
            reply.addProperty("method", "update_states");
            reply.add("states", states);
            reply.add("buffer_paths", paths);
            send(reply, Map.of("version", "1.0.0"), frames(buffers));
        }

        @Override
        protected void onClose(Message<CommCloseCommand> message, boolean sending) {
            // nothing kept per control comm
        }
    }
}
