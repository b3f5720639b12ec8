import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.client';
import type { User } from '../session.context';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await api<{ user: User }>('/v1/auth/login', { body: { email, password } });
      onLoggedIn(user);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401 ? 'Wrong email or password' : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login card" onSubmit={(e) => void submit(e)}>
      <h1>Social Case Bridge</h1>
      <label>
        Email
        <input
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && <p className="error">{error}</p>}
      <button type="submit" disabled={busy}>
        Log in
      </button>
    </form>
  );
}
