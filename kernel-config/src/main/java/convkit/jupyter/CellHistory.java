package convkit.jupyter;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import java.util.EnumSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells executed in this kernel session, for Jupyter's history requests (a console's up
 * arrow, {@code %history} in a front end): tail, range and search. Only this session is kept;
 * its number is {@value #SESSION}, and 0 in a range request means this session too.
 */
final class CellHistory implements HistoryManager {
    static final int SESSION = 1;
    private final List<HistoryEntry> entries = new ArrayList<>();

    synchronized void add(int executionCount, String code) {
        entries.add(new HistoryEntry(SESSION, executionCount, code, null));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int n, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return new ArrayList<>(entries.subList(from, entries.size()));
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        if (session != 0 && session != SESSION) return out;
        for (HistoryEntry e : entries)
            if (e.getCellNumber() >= start && (stop <= 0 || e.getCellNumber() < stop)) out.add(e);
        return out;
    }

    /** {@code pattern} is a glob as in IPython ({@code *} any text, {@code ?} one character). */
    @Override
    public synchronized List<HistoryEntry> search(String pattern, int n, Set<ResultFlag> flags) {
        Pattern glob = Pattern.compile(globToRegex(pattern == null || pattern.isEmpty() ? "*" : pattern), Pattern.DOTALL);
        List<HistoryEntry> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0 && (n <= 0 || hits.size() < n); i--) {
            HistoryEntry e = entries.get(i);
            if (glob.matcher(e.getInput()).matches() && (!flags.contains(ResultFlag.UNIQUE) || seen.add(e.getInput()))) hits.add(0, e);
        }
        return hits;
    }

    /**
     * Answers a history_request. The base library's own reply writes each entry as an object;
     * the protocol (and jupyter_client) wants {@code [session, line, input]} lists.
     */
    void handle(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        Set<ResultFlag> flags = EnumSet.noneOf(ResultFlag.class);
        List<HistoryEntry> found;
        switch (request.getAccessType()) {
            case TAIL:
                found = lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
                break;
            case RANGE:
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                found = lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
                break;
            case SEARCH:
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) flags.add(ResultFlag.UNIQUE);
                found = search(search.getPattern(), search.getMaxReturnLength(), flags);
                break;
            default:
                found = List.of();
        }
        List<List<Object>> rows = new ArrayList<>();
        for (HistoryEntry e : found) rows.add(List.of(e.getSession(), e.getCellNumber(), e.getInput()));
        env.reply(new Reply(rows));
    }

    /** history_reply content: {@code {"status": "ok", "history": [[session, line, input], ...]}}. */
    static final class Reply implements ContentType<Reply>, ReplyType<HistoryRequest> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static final MessageType<Reply> TYPE = (MessageType) HistoryReply.MESSAGE_TYPE;
        private final String status = "ok";
        private final List<List<Object>> history;

        Reply(List<List<Object>> history) {
            this.history = history;
        }

        @Override
        public MessageType<Reply> getType() {
            return TYPE;
        }

        @Override
        public MessageType<HistoryRequest> getRequestType() {
            return HistoryRequest.MESSAGE_TYPE;
        }
    }

    private static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') sb.append(".*");
            else if (c == '?') sb.append('.');
            else sb.append(Pattern.quote(String.valueOf(c)));
        }
        return sb.toString();
    }
}
