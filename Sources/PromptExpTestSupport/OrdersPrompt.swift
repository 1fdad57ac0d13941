/// The prompt the conversation and tool tests share: a support assistant offered one
/// tool, `get_order`, given the conversation so far (`history`) and the next question.
public enum OrdersPrompt {
    /// The prompt file, with `frontMatter` (whole lines) added to its front matter.
    public static func text(frontMatter: String = "") -> String {
        """
        ---
        \(frontMatter)inputs:
          history: {type: messages}
          question: {type: string}
        tools:
          - name: get_order
            description: Look up an order
            parameters: {type: object, properties: {order_id: {type: string}}}
        ---
        system:
        You help with orders.
        messages: {{history}}
        user:
        {{question}}

        """
    }
}
