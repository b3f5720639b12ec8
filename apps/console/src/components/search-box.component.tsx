import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

/** The header's search: case number, name, handle, phone, email, CRM id or text → `/customers?q=`. */
export function SearchBox() {
  const [params] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const navigate = useNavigate();
  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) void navigate(`/customers?${new URLSearchParams({ q: text.trim() })}`);
      }}
    >
      <label>
        <span className="visually-hidden">Search cases and customers</span>
        <input
          type="search"
          name="search"
          value={text}
          placeholder="Case, name, @handle, phone, email, CRM id, text"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit">Search</button>
    </form>
  );
}
