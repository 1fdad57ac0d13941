def build(context):
    return f"Reply to {context['vars']['customer']}"
